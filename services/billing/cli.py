"""Operators' commands of billing: `invoices show|render ID`, `credit-note INVOICE_ID ...`."""
import json
import sys
import uuid
from pathlib import Path

from services.common.errors import DomainError
from services.common.money import Money

from . import credit_notes, documents, invoice_reads
from .models import CreditNote, Invoice
from .schemas_invoices import CreditNoteOut, InvoiceOut


def invoices(config, args):
    """show an invoice or credit note (JSON, as the API shows it), or render its PDF again (stored; --out writes it too)"""
    try:
        wanted = uuid.UUID(args.id)
    except ValueError:
        print("ID is an invoice's or credit note's UUID", file=sys.stderr)
        return 2
    invoice = Invoice.get_or_none(Invoice.id == wanted)
    note = None if invoice else CreditNote.get_or_none(CreditNote.id == wanted)
    if invoice is None and note is None:
        print(f"no invoice or credit note {wanted}", file=sys.stderr)
        return 1
    if args.action == "show":
        shown = (InvoiceOut().dump(invoice_reads.invoice_detail(invoice)) if invoice
                 else CreditNoteOut().dump(invoice_reads.credit_note_detail(note)))
        print(json.dumps(shown, indent=2, sort_keys=True))
        return 0
    if invoice is not None and invoice.status == "draft":
        content = documents.invoice_pdf(invoice, config["SELLER"])  # a pro-forma is never stored
    elif invoice is not None:
        content = documents.render_invoice(invoice, config["SELLER"])
    else:
        content = documents.render_credit_note(note, config["SELLER"])
    if args.out:
        Path(args.out).write_bytes(content)
    print(f"rendered {(invoice or note).number or 'pro-forma'}: {len(content)} bytes"
          + (f", written to {args.out}" if args.out else ""), file=sys.stderr)
    return 0


def credit_note(config, args):
    """credit lines of an issued invoice (BI5): --line LINE_ID=AMOUNT (net) ..., or --all that remains"""
    try:
        invoice = Invoice.get_or_none(Invoice.id == uuid.UUID(args.invoice))
        if invoice is None:
            raise DomainError(f"no invoice {args.invoice}")
        if args.all:
            lines = [{"invoice_line_id": line.id, "amount": left}
                     for line, left in credit_notes.remaining(invoice) if left.minor]
        else:
            lines = [_line(text, invoice.currency) for text in args.line or []]
        note = credit_notes.issue_credit_note(invoice.id, lines, args.reason)
    except (DomainError, ValueError) as error:
        print(getattr(error, "detail", None) or str(error), file=sys.stderr)
        return 1
    print(json.dumps(CreditNoteOut().dump(invoice_reads.credit_note_detail(note)), indent=2, sort_keys=True))
    return 0


def _line(text, currency):
    line_id, _, amount = text.partition("=")
    return {"invoice_line_id": uuid.UUID(line_id), "amount": Money.of(amount, currency)}


invoices.arguments = lambda parser: (parser.add_argument("action", choices=["show", "render"]),
                                     parser.add_argument("id", help="an invoice's or credit note's id"),
                                     parser.add_argument("--out", help="render: also write the PDF to this file"))
credit_note.arguments = lambda parser: (
    parser.add_argument("invoice", help="the invoice's id"),
    parser.add_argument("--line", action="append", help="LINE_ID=AMOUNT, the net to credit (repeatable)"),
    parser.add_argument("--all", action="store_true", help="credit everything that remains of every line"),
    parser.add_argument("--reason", required=True))
COMMANDS = {"invoices": invoices, "credit-note": credit_note}
