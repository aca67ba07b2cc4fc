"""BI5, BI14: credit notes correct an issued invoice, never by more than remains of a line, with
VAT as on the invoice so that crediting every line gives back its total to the centime."""
import argparse
import json
from datetime import datetime

import pytest

from services.billing import credit_notes, invoicing
from services.billing.cli import credit_note as credit_note_command
from services.billing.cli import invoices as invoices_command
from services.billing.models import CreditNote, Invoice, InvoiceLine, OutboxEvent, db
from services.common.errors import NotFound, RuleViolation
from services.common.money import Money

from .billing_support import billing, draft, issued  # noqa: F401 - the fixture


def chf(minor):
    return Money(minor, "CHF")


def ordered_lines(invoice):
    return list(invoice.lines.order_by(InvoiceLine.position))


def test_bi5_a_credit_note_gets_its_own_series_and_the_vat_of_its_line(billing, clock):  # noqa: F811
    clock.set(datetime(2026, 4, 1))
    invoice = issued(billing)
    hosting = ordered_lines(invoice)[0]  # 238.00 + 19.28 VAT
    note = credit_notes.issue_credit_note(invoice.id, [{"invoice_line_id": hosting.id, "amount": chf(11900)}],
                                          "one of two hosting units was never used")
    assert note.number == "CN-2026-000001" and invoice.number == "INV-2026-000001"
    assert (note.net_minor, note.vat_minor, note.total_minor) == (11900, 964, 12864)  # 19.28 / 2
    assert Invoice.get_by_id(invoice.id).credited_minor == 12864
    event = json.loads(OutboxEvent.get(OutboxEvent.type == "billing.credit_note.issued").envelope)["data"]
    assert event["number"] == "CN-2026-000001" and event["total_minor"] == 12864
    assert event["lines"] == [{"invoice_line_id": str(hosting.id), "product_id": None, "net_minor": 11900,
                               "vat_minor": 964}]


def test_bi5_crediting_every_line_in_pieces_gives_back_the_invoice_total_to_the_centime(billing):  # noqa: F811
    invoice = issued(billing)
    for piece in (333, 1001, 1):
        credit_notes.issue_credit_note(invoice.id, [{"invoice_line_id": line.id, "amount": chf(piece)}
                                                    for line in ordered_lines(invoice)], "in pieces")
    rest = [{"invoice_line_id": line.id, "amount": left} for line, left in credit_notes.remaining(invoice)]
    credit_notes.issue_credit_note(invoice.id, rest, "the rest")
    notes = list(CreditNote.select().where(CreditNote.invoice == invoice))
    assert sum(n.total_minor for n in notes) == invoice.total_minor == Invoice.get_by_id(invoice.id).credited_minor
    assert sum(n.vat_minor for n in notes) == invoice.vat_minor
    assert [n.number[-1] for n in notes] == ["1", "2", "3", "4"]


def test_bi5_a_credit_beyond_what_remains_of_a_line_is_refused_and_writes_nothing(billing):  # noqa: F811
    invoice = issued(billing)
    domain_line = ordered_lines(invoice)[1]  # 15.00
    credit_notes.issue_credit_note(invoice.id, [{"invoice_line_id": domain_line.id, "amount": chf(1000)}], "part")
    for amount in (chf(501), chf(0), chf(-100)):
        with pytest.raises(RuleViolation) as refused:
            credit_notes.issue_credit_note(invoice.id, [{"invoice_line_id": domain_line.id, "amount": amount}], "x")
        assert refused.value.extensions["rule"] == "BI5"
    with pytest.raises(RuleViolation) as refused:
        credit_notes.issue_credit_note(invoice.id, [{"invoice_line_id": domain_line.id, "amount": Money(100, "EUR")}],
                                       "x")
    assert refused.value.extensions["rule"] == "BI14"
    assert CreditNote.select().count() == 1 and Invoice.get_by_id(invoice.id).credited_minor == 1081


def test_bi5_only_an_issued_or_paid_invoice_is_credited(billing):  # noqa: F811
    proforma = draft(billing)
    with pytest.raises(RuleViolation) as refused:
        credit_notes.issue_credit_note(proforma.id, [{"invoice_line_id": ordered_lines(proforma)[0].id,
                                                      "amount": chf(100)}], "x")
    assert refused.value.extensions["rule"] == "BI5"
    other = issued(billing)
    with pytest.raises(RuleViolation):  # a line of another invoice
        credit_notes.issue_credit_note(other.id, [{"invoice_line_id": ordered_lines(proforma)[0].id,
                                                   "amount": chf(100)}], "x")
    with pytest.raises(NotFound):
        credit_notes.issue_credit_note(proforma.organization_id, [], "x")
    with db.atomic():
        Invoice.update(status="paid", paid_minor=Invoice.total_minor).where(Invoice.id == other.id).execute()
    assert credit_notes.issue_credit_note(other.id, [{"invoice_line_id": ordered_lines(other)[0].id,
                                                      "amount": chf(100)}], "refund").total_minor == 108


def test_bi5_a_discount_line_is_credited_negatively_and_the_invoice_never_goes_below_zero(billing):  # noqa: F811
    items = [{"kind": "order", "description": "Cloud server", "unit_price": chf(10000), "vat_category": "standard"},
             {"kind": "discount", "description": "Promotion SPRING", "unit_price": chf(-2000),
              "vat_category": "standard"}]
    invoice = issued(billing, items=items)
    server, discount = ordered_lines(invoice)
    assert invoice.total_minor == 8648  # 80.00 + 6.48
    with pytest.raises(RuleViolation, match="remains to credit"):  # 108.10 credited of an 86.48 invoice
        credit_notes.issue_credit_note(invoice.id, [{"invoice_line_id": server.id, "amount": chf(10000)}], "all")
    note = credit_notes.issue_credit_note(invoice.id, [{"invoice_line_id": server.id, "amount": chf(10000)},
                                                       {"invoice_line_id": discount.id, "amount": chf(-2000)}], "all")
    assert note.total_minor == invoice.total_minor


def test_bi5_staff_credit_an_invoice_over_http_with_the_billing_credit_scope(billing, get_token):  # noqa: F811
    invoice = issued(billing)
    line = ordered_lines(invoice)[2]
    _status, token = get_token("operator", scope="billing:credit")
    client, headers = billing.test_client(), {"Authorization": f"Bearer {token['access_token']}"}
    body = {"lines": [{"invoice_line_id": str(line.id), "amount": {"amount": "10.00", "currency": "CHF"}}],
            "reason": "printed manual returned"}
    created = client.post(f"/v1/invoices/{invoice.id}/credit-notes", json=body, headers=headers)
    assert created.status_code == 201, created.get_json()
    note = created.get_json()
    assert note["number"].startswith("CN-") and note["invoice_number"] == invoice.number
    assert note["total"] == {"amount": "10.26", "amount_minor": 1026, "currency": "CHF"}  # 2.6 % VAT
    assert note["lines"][0]["vat"]["amount_minor"] == 26
    body["lines"][0]["amount"]["amount"] = "23.34"  # 0.01 more than remains of 33.33
    refused = client.post(f"/v1/invoices/{invoice.id}/credit-notes", json=body, headers=headers)
    assert refused.status_code == 422 and refused.get_json()["rule"] == "BI5"
    body["lines"].append(dict(body["lines"][0]))
    assert client.post(f"/v1/invoices/{invoice.id}/credit-notes", json=body, headers=headers).status_code == 422
    _status, reader = get_token("operator", scope="billing:read")
    denied = client.post(f"/v1/invoices/{invoice.id}/credit-notes", json=body,
                         headers={"Authorization": f"Bearer {reader['access_token']}"})
    assert denied.status_code == 403
    assert CreditNote.select().count() == 1
    # Idempotency-Key: a replay gets the same credit note, not a second one.
    body = {"lines": [{"invoice_line_id": str(line.id), "amount": {"amount": "1.00", "currency": "CHF"}}],
            "reason": "goodwill"}
    keyed = {**headers, "Idempotency-Key": "credit-goodwill-1"}
    first = client.post(f"/v1/invoices/{invoice.id}/credit-notes", json=body, headers=keyed)
    again = client.post(f"/v1/invoices/{invoice.id}/credit-notes", json=body, headers=keyed)
    assert first.status_code == again.status_code == 201 and first.get_json() == again.get_json()
    assert CreditNote.select().count() == 2


def test_bi5_operators_credit_everything_that_remains_and_show_it_from_the_command_line(billing, capsys):  # noqa: F811
    invoice = issued(billing)
    line = ordered_lines(invoice)[0]
    config = billing.config
    args = argparse.Namespace(invoice=str(invoice.id), line=[f"{line.id}=100.00"], all=False, reason="partial")
    assert credit_note_command(config, args) == 0
    assert json.loads(capsys.readouterr().out)["total"]["amount_minor"] == 10810
    assert credit_note_command(config, argparse.Namespace(invoice=str(invoice.id), line=None, all=True,
                                                          reason="cancelled")) == 0
    assert Invoice.get_by_id(invoice.id).credited_minor == invoice.total_minor
    assert credit_note_command(config, argparse.Namespace(invoice=str(invoice.id), line=None, all=True,
                                                          reason="again")) == 1
    assert "at least one line" in capsys.readouterr().err
    assert invoices_command(config, argparse.Namespace(action="show", id=str(invoice.id), out=None)) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["number"] == invoice.number and len(shown["credit_notes"]) == 2
    assert shown["due"]["amount_minor"] == 0
    assert invoices_command(config, argparse.Namespace(action="show", id="nope", out=None)) == 2
