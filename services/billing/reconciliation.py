"""Bank transfers (BI7): credits of a camt.054 file matched to invoices, and the review list.

A credit names its invoice by the QR reference (Swiss QR-bill) or, in the remittance text, by
the invoice number. Exactly what is due pays the invoice (a Payment by `iban`, then the same
settlement as any payment: issued if a pro-forma, paid, billing.invoice.paid). Less (partial),
more or an invoice already paid (excess), or no invoice found (unmatched) waits in the review
list for an operator. Each credit is its own transaction, recorded under the bank's reference
(unique): importing the same file again adds nothing.
"""
import json
import re
import sys

import peewee

from services.common import clock
from services.common.errors import Conflict, NotFound

from . import camt, invoicing, payments
from .models import BankCredit, Invoice, Payment, db

NUMBER = re.compile(rf"\b{invoicing.INVOICE_SERIES}-\d{{4}}-\d{{6}}\b")


def find_invoice(credit):
    if re.fullmatch(r"\d{27}", credit.reference):
        found = Invoice.get_or_none(Invoice.qr_reference == credit.reference)
        if found is not None:
            return found
    number = NUMBER.search(f"{credit.reference} {credit.text}")
    return Invoice.get_or_none(Invoice.number == number.group(0)) if number else None


def review_reason(credit, invoice):
    """None when the credit pays the invoice exactly, else why a person must look at it."""
    if invoice is None or invoice.currency != credit.amount.currency or invoice.status == "void":
        return "unmatched"
    if invoice.status not in payments.PAYABLE:
        return "excess"  # paid already: all of it is too much
    due = payments.amount_due(invoice)
    return None if credit.amount == due else "partial" if credit.amount < due else "excess"


def record(credit):
    """Record one credit and pay its invoice if it matches exactly: matched, review or None
    (imported before)."""
    try:
        with db.atomic():
            invoice = find_invoice(credit)
            if invoice is not None and invoice.status in payments.PAYABLE:
                invoice = payments.locked_invoice(invoice.organization_id, invoice.id)
            reason = review_reason(credit, invoice)
            BankCredit.create(entry_reference=credit.entry_reference, amount_minor=credit.amount.minor,
                              currency=credit.amount.currency, reference=(credit.reference or credit.text)[:140],
                              debtor=credit.debtor[:200], booked_on=credit.booked_on,
                              status="review" if reason else "matched", review_reason=reason,
                              invoice_id=invoice.id if invoice else None)
            if reason is None:
                paid = Payment.create(organization_id=invoice.organization_id, invoice_id=invoice.id,
                                      method="iban", amount_minor=credit.amount.minor, currency=credit.amount.currency,
                                      status="pending", provider_reference=credit.entry_reference)
                payments.settle(invoice, [paid])
            return "review" if reason else "matched"
    except peewee.IntegrityError:  # this bank reference is recorded already
        return None


def import_file(data):
    """Import a camt.054 file's booked credits: {credits, matched, review, already_imported}."""
    counts = {"credits": 0, "matched": 0, "review": 0, "already_imported": 0}
    for credit in camt.parse(data):
        counts["credits"] += 1
        counts[record(credit) or "already_imported"] += 1
    return counts


def review_list():
    return list(BankCredit.select().where(BankCredit.status == "review").order_by(BankCredit.imported_at, BankCredit.entry_reference))


def resolve(credit_id, note):
    """An operator settled a credit of the review list outside billing (refund, manual booking)."""
    with db.atomic():
        credit = BankCredit.get_or_none(BankCredit.id == credit_id)
        if credit is None:
            raise NotFound("No such bank credit.")
        changed = BankCredit.update(status="resolved", resolved_at=clock.utcnow(), resolution=note[:300]).where(
            (BankCredit.id == credit.id) & (BankCredit.status == "review")).execute()
        if changed != 1:
            raise Conflict(f"The credit is {credit.status}, not in the review list.")
        return BankCredit.get_by_id(credit.id)


def describe(credit):
    return {"id": str(credit.id), "entry_reference": credit.entry_reference, "amount": credit.amount.to_dict(),
            "booked_on": credit.booked_on.isoformat(), "reference": credit.reference, "debtor": credit.debtor,
            "status": credit.status, "reason": credit.review_reason,
            "invoice_id": str(credit.invoice_id) if credit.invoice_id else None, "resolution": credit.resolution}


def command(config, args):
    """import a camt.054 bank file (import FILE), or list and resolve the review list (review [--resolve ID --note ...])"""
    if args.action == "import":
        if not args.file:
            print("reconciliation import FILE", file=sys.stderr)
            return 2
        try:
            with open(args.file, "rb") as file:
                print(json.dumps(import_file(file.read())))
        except (OSError, camt.CamtError) as error:
            print(f"{args.file}: {error}", file=sys.stderr)
            return 1
        return 0
    if args.resolve:
        if not args.note:
            print("--resolve needs --note saying what was done", file=sys.stderr)
            return 2
        try:
            print(json.dumps(describe(resolve(args.resolve, args.note))))
        except (NotFound, Conflict, ValueError) as error:
            print(str(error), file=sys.stderr)
            return 1
        return 0
    listed = review_list()
    for credit in listed:
        print(json.dumps(describe(credit)))
    print(f"{len(listed)} credit(s) to review", file=sys.stderr)
    return 0


command.arguments = lambda parser: (
    parser.add_argument("action", choices=["import", "review"]),
    parser.add_argument("file", nargs="?", help="import: the camt.054 XML file"),
    parser.add_argument("--resolve", metavar="ID", help="review: mark this credit resolved"),
    parser.add_argument("--note", help="review --resolve: what was done (refunded, booked by hand...)"))
