"""Idempotency-Key on creating POSTs (issue 10, item 6), as billing's deposits and invoice
payments use it: a replay within 24 h gets the identical answer, another body with the same key
is refused, 20 concurrent requests with one key run once."""
import uuid
from datetime import datetime, timedelta

from services.billing.models import IdempotencyRecord, Payment, PrepaidEntry
from services.common.idempotency import fingerprint

from .payments_support import add_profile, billing, deposit, invoice, orgs, run_together, shop  # noqa: F401


def test_a_replay_gets_the_identical_status_and_body_and_runs_nothing(shop):
    card = add_profile(shop.bea, shop.base)
    first = deposit(shop.bea, shop.base, "12.00", card["id"], key="dep-1")
    again = deposit(shop.bea, shop.base, "12.00", card["id"], key="dep-1")
    assert first.status_code == again.status_code == 201
    assert first.get_data() == again.get_data() and again.headers["Idempotent-Replayed"] == "true"
    assert again.mimetype == "application/json"
    assert PrepaidEntry.select().count() == 1 and Payment.select().count() == 1
    other = deposit(shop.bea, shop.base, "12.00", card["id"], key="dep-2")
    assert other.status_code == 201 and PrepaidEntry.select().count() == 2


def test_the_same_key_with_another_body_is_a_422_and_runs_nothing(shop):
    card = add_profile(shop.bea, shop.base)
    deposit(shop.bea, shop.base, "12.00", card["id"], key="dep-1")
    reused = deposit(shop.bea, shop.base, "13.00", card["id"], key="dep-1")
    assert reused.status_code == 422 and reused.get_json()["type"] == "/problems/idempotency-key-reused"
    elsewhere = shop.bea.call("post", f"{shop.base}/prepaid/withdrawals",
                              {"amount": {"amount": "12.00", "currency": "CHF"}, "profile_id": card["id"]}, key="dep-1")
    assert elsewhere.status_code == 422
    assert PrepaidEntry.select().count() == 1


def test_a_key_belongs_to_its_caller_and_lasts_24_hours(shop, clock):
    clock.set(datetime(2026, 5, 4, 8, 0))
    card = add_profile(shop.bea, shop.base)
    assert deposit(shop.bea, shop.base, "12.00", card["id"], key="k").status_code == 201
    assert deposit(shop.anna, shop.base, "12.00", card["id"], key="k").status_code == 201  # Anna's own key
    assert PrepaidEntry.select().count() == 2
    clock.set(datetime(2026, 5, 4, 8, 0) + timedelta(hours=23))
    assert deposit(shop.bea, shop.base, "12.00", card["id"], key="k").headers.get("Idempotent-Replayed") == "true"
    clock.set(datetime(2026, 5, 4, 8, 0) + timedelta(hours=24, seconds=1))
    assert "Idempotent-Replayed" not in deposit(shop.bea, shop.base, "12.00", card["id"], key="k").headers
    assert PrepaidEntry.select().count() == 3


def test_a_refusal_is_replayed_as_the_same_problem(shop):
    card = add_profile(shop.bea, shop.base)
    first = deposit(shop.bea, shop.base, "0.01", card["id"], key="tiny")
    again = deposit(shop.bea, shop.base, "0.01", card["id"], key="tiny")
    assert first.status_code == again.status_code == 422 and first.get_data() == again.get_data()
    assert again.mimetype == "application/problem+json" and again.get_json()["rule"] == "BI8"


def test_a_server_error_releases_the_key_for_a_retry(shop, monkeypatch):
    card = add_profile(shop.bea, shop.base)
    provider = shop.app.extensions["payment_provider"]
    charge = provider.charge
    monkeypatch.setattr(provider, "charge", lambda *a: (_ for _ in ()).throw(RuntimeError("provider down")))
    assert deposit(shop.bea, shop.base, "12.00", card["id"], key="retry").status_code == 500
    monkeypatch.setattr(provider, "charge", charge)
    assert deposit(shop.bea, shop.base, "12.00", card["id"], key="retry").status_code == 201
    assert PrepaidEntry.select().count() == 1


def test_a_repeat_while_the_first_still_runs_waits_then_is_told_409_with_retry_after(shop):
    card = add_profile(shop.bea, shop.base)
    body = {"amount": {"amount": "12.00", "currency": "CHF"}, "profile_id": card["id"]}
    path = f"{shop.base}/prepaid/deposits"
    IdempotencyRecord.create(key="slow", caller=shop.bea.id, method="POST", path=path,
                             request_hash=fingerprint("POST", path, __import__("json").dumps(body).encode()))
    shop.app.extensions["idempotency"].wait_seconds = 0
    busy = shop.bea.call("post", path, body, key="slow")
    assert busy.status_code == 409 and busy.headers["Retry-After"] == "2" and PrepaidEntry.select().count() == 0


def test_a_bad_key_is_a_400(shop):
    card = add_profile(shop.bea, shop.base)
    assert deposit(shop.bea, shop.base, "12.00", card["id"], key="x" * 201).status_code == 400
    assert deposit(shop.bea, shop.base, "12.00", card["id"], key="with space").status_code == 400


def test_20_concurrent_deposits_with_one_key_run_once(shop):
    card = add_profile(shop.bea, shop.base)
    answers = run_together(20, lambda: deposit(shop.bea, shop.base, "12.00", card["id"], key="together"))
    assert {(a.status_code, a.get_data()) for a in answers} == {(answers[0].status_code, answers[0].get_data())}
    assert answers[0].status_code == 201
    assert PrepaidEntry.select().count() == 1 and Payment.select().count() == 1


def test_20_concurrent_payments_of_an_invoice_with_one_key_run_once(shop):
    add_profile(shop.bea, shop.base)
    bill = invoice(shop.app, shop.org)
    path = f"{shop.base}/invoices/{bill.id}/payments"
    answers = run_together(20, lambda: shop.bea.call("post", path, {}, key=str(uuid.UUID(int=7))))
    assert len({(a.status_code, a.get_data()) for a in answers}) == 1 and answers[0].status_code == 201
    assert Payment.select().where(Payment.invoice_id == bill.id).count() == 1


def test_json_spacing_and_key_order_do_not_make_another_request():
    assert fingerprint("POST", "/x", b'{"a": 1, "b": [2]}') == fingerprint("POST", "/x", b'{"b":[2],"a":1}')
    assert fingerprint("POST", "/x", b'{"a": 1}') != fingerprint("POST", "/y", b'{"a": 1}')
    assert fingerprint("POST", "/x", b"\xff") != fingerprint("POST", "/x", b"")


def test_the_daily_purge_run_deletes_answers_past_24_hours_once(shop, clock):
    from services.billing.models import ScheduledRun
    from services.billing.periodic import SCHEDULE
    from services.common import runs

    clock.set(datetime(2026, 5, 4, 8, 0))
    card = add_profile(shop.bea, shop.base)
    deposit(shop.bea, shop.base, "12.00", card["id"], key="old")
    clock.set(datetime(2026, 5, 5, 7, 0))
    deposit(shop.bea, shop.base, "12.00", card["id"], key="fresh")
    clock.set(datetime(2026, 5, 5, 8, 30))
    purge = SCHEDULE.runs["purge-idempotency"]
    assert runs.execute(shop.app.config, ScheduledRun, purge, "2026-05-05") == {"total": 1, "changed": 1,
                                                                               "unchanged": 0}
    assert [r.key for r in IdempotencyRecord.select()] == ["fresh"]
    assert purge.apply(IdempotencyRecord.get().id, clock.utcnow()) is False  # inside its window: kept
