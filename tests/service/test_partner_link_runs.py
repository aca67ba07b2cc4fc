"""The links' daily runs on the shared clock (PA4 expiry of requests, PX1 warnings, extension and
end), through services.common.runs as the worker starts them: recorded, idempotent when repeated."""
from datetime import datetime, timedelta, timezone

from services.common import runs
from services.partner import link_runs
from services.partner.models import Link, LinkWarning, ScheduledRun

from .partner_links_served import FULL, emitted, links_system, mails_to, orgs  # noqa: F401
from .test_partner_links import active_link, iso, request

START = datetime(2026, 3, 1, 8, 0, tzinfo=timezone.utc)
RUNS = {run.name: run for run in link_runs.RUNS}


def run(system, name, clock):
    return runs.execute(system.app.config, ScheduledRun, RUNS[name], RUNS[name].key(clock.today()))


def test_pa4_a_request_expires_after_30_days_once(links_system, clock):
    clock.set(START)
    partner, client = links_system.partner(), links_system.client()
    link = request(links_system, partner, client)
    clock.advance(days=29)
    assert run(links_system, "expire-link-requests", clock)["changed"] == 0
    clock.advance(days=1, hours=1)
    assert run(links_system, "expire-link-requests", clock)["changed"] == 1
    assert run(links_system, "expire-link-requests", clock) is None  # the same day: skipped
    assert link_runs.expire_request(link["id"], clock.utcnow()) is False  # a redo changes nothing
    stored = Link.get_by_id(link["id"])
    assert (stored.status, stored.closed_side) == ("expired", "system")
    assert [(e["type"], e["version"], e["actor_id"]) for e in emitted("partner.link.")][-1] == (
        "partner.link.expired", 2, None)


def test_px1_both_sides_are_warned_30_7_and_1_days_before_the_end_once_each(links_system, clock):
    clock.set(START)
    partner, client, link = active_link(links_system, ends_at=iso(START + timedelta(days=40)))
    for day in range(0, 41):
        clock.set(START + timedelta(days=day, hours=1))
        run(links_system, "link-ends", clock)
        run(links_system, "link-ends", clock)
    assert sorted(w.days for w in LinkWarning.select()) == [1, 7, 30]
    for person in (partner.legal, client.legal):
        subjects = [s for s, _ in mails_to(person.email) if "ends on" in s]
        assert len(subjects) == 3, subjects
    assert Link.get_by_id(link["id"]).status == "ended"


def test_px1_a_link_past_its_end_ends_and_both_sides_are_mailed(links_system, clock):
    clock.set(START)
    partner, client, link = active_link(links_system, ends_at=iso(START + timedelta(days=2)))
    clock.advance(days=2, seconds=1)
    counts = run(links_system, "link-ends", clock)
    assert counts["changed"] == 1
    assert link_runs.handle_end(link["id"], clock.utcnow()) is False
    stored = Link.get_by_id(link["id"])
    assert (stored.status, stored.closed_side) == ("ended", "system")
    event = emitted("partner.link.")[-1]
    assert (event["type"], event["status"], event["side"]) == ("partner.link.ended", "ended", "system")
    for person in (partner.legal, client.legal):
        assert any(s.endswith("ended") for s, _ in mails_to(person.email))


def test_px1_an_auto_extending_link_is_extended_by_180_days(links_system, clock):
    clock.set(START)
    _partner, _client, link = active_link(links_system, scope=FULL, ends_at=iso(START + timedelta(days=10)),
                                          auto_extend=True)
    clock.advance(days=10, hours=1)
    assert run(links_system, "link-ends", clock)["changed"] == 1
    stored = Link.get_by_id(link["id"])
    assert stored.status == "active" and stored.ends_at == (START + timedelta(days=190)).replace(tzinfo=None)
    event = emitted("partner.link.")[-1]
    assert (event["type"], event["version"]) == ("partner.link.extended", 3)
    assert link_runs.handle_end(link["id"], clock.utcnow()) is False  # extended once, not twice


def test_px1_a_new_end_date_gets_its_own_warnings(links_system, clock):
    clock.set(START)
    _partner, client, link = active_link(links_system, ends_at=iso(START + timedelta(days=5)))
    clock.advance(hours=1)
    run(links_system, "link-ends", clock)
    assert [w.days for w in LinkWarning.select()] == [7]
    client.legal.put(f"/v1/clients/{client.org}/links/{link['id']}/end",
                     {"ends_at": iso(START + timedelta(days=20)), "auto_extend": False})
    clock.advance(days=1)
    run(links_system, "link-ends", clock)
    assert sorted(w.days for w in LinkWarning.select()) == [7, 30]
