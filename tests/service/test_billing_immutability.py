"""BI5 kept by the database itself (migration step 6): raw SQL, bypassing billing's code, cannot
change what was issued; only the settlement of an issued invoice may still change."""
import peewee
import pytest

from services.billing import credit_notes
from services.billing.models import CreditNote, CreditNoteLine, Invoice, InvoiceLine, NumberSequence, db
from services.common.money import Money

from .billing_support import billing, draft, issued  # noqa: F401 - the fixture


def raw(sql, *params):
    """One statement in its own transaction, as someone at a SQL prompt would type it."""
    with db.atomic():
        return db.execute_sql(sql.replace("?", db.obj.param), params).rowcount


def refused(sql, *params):
    with pytest.raises(peewee.IntegrityError, match="BI5"):
        raw(sql, *params)


@pytest.mark.parametrize("change", ["total_minor = total_minor + 1", "net_minor = 0", "vat_minor = 1",
                                    "number = 'INV-2026-999999'", "currency = 'EUR'", "status = 'draft'",
                                    "buyer = NULL", "due_on = NULL", "qr_reference = NULL"])
def test_bi5_the_database_refuses_a_raw_update_of_an_issued_invoice(billing, change):  # noqa: F811
    invoice = issued(billing)
    refused(f"UPDATE invoice SET {change} WHERE id = ?", _key(invoice.id))
    assert Invoice.get_by_id(invoice.id).total_minor == invoice.total_minor


def test_bi5_the_database_refuses_any_change_to_an_issued_invoices_lines(billing):  # noqa: F811
    invoice = issued(billing)
    key = _key(invoice.id)
    refused(f"UPDATE {InvoiceLine._meta.table_name} SET net_minor = 1 WHERE invoice_id = ?", key)
    refused(f"DELETE FROM {InvoiceLine._meta.table_name} WHERE invoice_id = ?", key)
    with pytest.raises(peewee.IntegrityError, match="BI5"), db.atomic():
        InvoiceLine.create(invoice=invoice, position=9, kind="order", description="slipped in", unit_price_minor=100,
                           net_minor=100, vat_category="standard", vat_rate="8.1", vat_minor=8)
    refused("DELETE FROM invoice WHERE id = ?", key)
    assert InvoiceLine.select().where(InvoiceLine.invoice == invoice).count() == 3


def test_bi5_an_issued_invoice_may_still_be_paid_reminded_credited_or_voided(billing):  # noqa: F811
    invoice = issued(billing)
    key = _key(invoice.id)
    assert raw("UPDATE invoice SET reminders_sent = 1, credited_minor = 100 WHERE id = ?", key) == 1
    assert raw("UPDATE invoice SET status = 'paid', paid_minor = total_minor, paid_at = issued_at WHERE id = ?", key) == 1
    refused("UPDATE invoice SET status = 'issued' WHERE id = ?", key)  # paid stays paid
    other = issued(billing)
    assert raw("UPDATE invoice SET status = 'void' WHERE id = ?", _key(other.id)) == 1


def test_bi5_a_draft_changes_freely_and_can_be_deleted(billing):  # noqa: F811
    invoice = draft(billing)
    key = _key(invoice.id)
    assert raw(f"UPDATE {InvoiceLine._meta.table_name} SET description = 'renamed' WHERE invoice_id = ?", key) == 3
    assert raw("UPDATE invoice SET total_minor = 1 WHERE id = ?", key) == 1
    assert raw("DELETE FROM invoice WHERE id = ?", key) == 1


def test_bi5_the_database_refuses_changing_a_credit_note_or_over_crediting_a_line(billing):  # noqa: F811
    invoice = issued(billing)
    line = invoice.lines.order_by(InvoiceLine.position).first()
    note = credit_notes.issue_credit_note(invoice.id, [{"invoice_line_id": line.id, "amount": Money(1000, "CHF")}],
                                          "goodwill")
    refused(f"UPDATE {CreditNote._meta.table_name} SET total_minor = 1 WHERE id = ?", _key(note.id))
    refused(f"DELETE FROM {CreditNote._meta.table_name} WHERE id = ?", _key(note.id))
    refused(f"UPDATE {CreditNoteLine._meta.table_name} SET net_minor = 1")
    # A line written past the application: more than the 228.00 that remain of the line's 238.00.
    with pytest.raises(peewee.IntegrityError, match="BI5"), db.atomic():
        CreditNoteLine.create(credit_note=note, invoice_line=line, net_minor=22801, vat_minor=0)
    with pytest.raises(peewee.IntegrityError, match="BI5"), db.atomic():
        CreditNoteLine.create(credit_note=note, invoice_line=issued(billing).lines.first(), net_minor=1, vat_minor=0)


def test_bi5_a_number_sequence_only_counts_up_by_one(billing):  # noqa: F811
    issued(billing)
    refused("UPDATE number_sequence SET last_number = last_number + 2")
    refused("UPDATE number_sequence SET last_number = 0")
    refused("DELETE FROM number_sequence")
    assert NumberSequence.get(series="INV").last_number == 1


def _sqlite():
    return isinstance(db.obj, peewee.SqliteDatabase)


def _key(value):
    """A UUID as the engine stores it (SQLite: 32 hex digits; PostgreSQL: uuid)."""
    return value.hex if _sqlite() else str(value)
