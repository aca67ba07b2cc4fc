"""BI5: a number only at issue, from one gap-free sequence per series and year, even when a busy
billing day issues invoices from many threads at once; a rolled-back issue gives its number back."""
import threading
import uuid
from datetime import datetime

import pytest
from stdnum.ch import esr

from services.billing import domain, invoicing
from services.billing.models import Invoice, NumberSequence, OutboxEvent, db
from services.common.errors import Conflict

from .billing_support import billing, draft, issued  # noqa: F401 - the fixture

THREADS, EACH = 8, 25


def test_bi5_a_draft_has_no_number_until_it_is_issued(billing, clock):  # noqa: F811
    clock.set(datetime(2026, 3, 2, 9, 0))
    invoice = draft(billing)
    assert invoice.number is None and invoice.status == "draft" and invoice.qr_reference is None
    with db.atomic():
        invoicing.issue(invoice)
    stored = Invoice.get_by_id(invoice.id)
    assert (stored.status, stored.number, stored.year) == ("issued", "INV-2026-000001", 2026)
    assert stored.issued_at == datetime(2026, 3, 2, 9, 0) and stored.due_on.isoformat() == "2026-04-01"
    # CHF: the QR-bill's reference, 27 digits with the mod-10 recursive check digit.
    assert stored.qr_reference == domain.qr_reference(2026, 1) and esr.is_valid(stored.qr_reference)
    with pytest.raises(Conflict), db.atomic():
        invoicing.issue(stored)


def test_bi5_each_year_starts_its_own_series_at_one(billing, clock):  # noqa: F811
    clock.set(datetime(2026, 12, 31, 23, 59))
    assert [issued(billing).number for _ in range(2)] == ["INV-2026-000001", "INV-2026-000002"]
    clock.set(datetime(2027, 1, 1, 0, 1))
    assert issued(billing).number == "INV-2027-000001"


def test_bi5_a_rolled_back_issue_gives_its_number_back(billing, clock):  # noqa: F811
    clock.set(datetime(2026, 5, 1))
    first = issued(billing)
    invoice = draft(billing)
    with pytest.raises(RuntimeError), db.atomic():
        invoicing.issue(invoice)
        raise RuntimeError("the payment failed after issuing")
    assert Invoice.get_by_id(invoice.id).status == "draft"
    assert OutboxEvent.select().where(OutboxEvent.type == "billing.invoice.issued").count() == 1
    with db.atomic():
        assert invoicing.issue(Invoice.get_by_id(invoice.id)).number == "INV-2026-000002"
    assert first.number == "INV-2026-000001"


def test_bi5_a_number_is_taken_only_inside_the_transaction_that_uses_it(billing):  # noqa: F811
    with pytest.raises(RuntimeError):
        invoicing.next_number("INV", 2026)


def test_bi5_concurrent_issuers_get_every_number_once_with_no_gap_and_none_stuck_in_draft(billing, clock):  # noqa: F811
    """8 threads × 25: each makes a draft and issues it in its own transactions, all at once."""
    clock.set(datetime(2026, 6, 15, 10, 0))
    organization = uuid.uuid4()
    start, failures = threading.Barrier(THREADS), []

    def issuer():
        try:
            start.wait()
            for _ in range(EACH):
                issued(billing, organization)
        except Exception as error:  # noqa: BLE001 - reported below
            failures.append(repr(error))
        finally:
            db.close()

    threads = [threading.Thread(target=issuer) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not failures
    numbers = sorted(int(i.number.rsplit("-", 1)[1]) for i in Invoice.select().where(Invoice.organization_id == organization))
    assert numbers == list(range(1, THREADS * EACH + 1))
    assert Invoice.select().where(Invoice.status == "draft").count() == 0
    assert NumberSequence.get(series="INV", year=2026).last_number == THREADS * EACH
    events = OutboxEvent.select().where(OutboxEvent.type == "billing.invoice.issued").count()
    assert events == THREADS * EACH
    references = {i.qr_reference for i in Invoice.select(Invoice.qr_reference)}
    assert len(references) == THREADS * EACH
