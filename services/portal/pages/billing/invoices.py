"""Invoices and credit notes (BI5, BI13, BI14): the list, one invoice with its lines, VAT and
payments, and their PDFs served through the portal with the person's own token. Someone
without billing rights gets the not-found page: billing answers 404 (BI13)."""
from flask import Response, request

from ...apis import billing
from ...forms import Form
from . import bp
from .common import fresh_key, organization, render
from .payments import payment_result

STATUSES = ("draft", "issued", "paid")


@bp.get("/billing/invoices")
def invoices():
    current = organization()
    chosen = request.args.get("status") if request.args.get("status") in STATUSES else None
    page = billing.invoices(current["id"], status=chosen, cursor=request.args.get("cursor") or None)
    return render("invoices.html", organization=current, invoices=page["items"], next_cursor=page.get("next_cursor"),
                  status_filter=chosen or "", statuses=STATUSES)


def invoice_page(invoice_id, form=None, status=200):
    """One invoice, and the form paying it (by profile, or prepaid plus the rest by profile)."""
    current = organization()
    invoice = billing.invoice(current["id"], invoice_id)
    payable = invoice["status"] in ("draft", "issued")
    profiles = billing.payment_profiles(current["id"]) if payable else []
    default = next((p["id"] for p in profiles if p.get("is_default")), "")
    return render("invoice.html", status, organization=current, invoice=invoice, payable=payable,
                  profiles=profiles, prepaid=billing.prepaid(current["id"]) if payable else None,
                  form=form or Form(profile_id=default, idempotency_key=fresh_key()))


@bp.get("/billing/invoices/<uuid:invoice_id>")
def invoices_detail(invoice_id):
    payment_result(request.args.get("payment"))  # back from 3-D Secure: say how it went
    return invoice_page(invoice_id)


def _pdf(response, name):
    return Response(response.content, mimetype="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="{name}.pdf"', "Cache-Control": "no-store"})


@bp.get("/billing/invoices/<uuid:invoice_id>/pdf")
def invoices_pdf(invoice_id):
    """billing's PDF as it is (a draft is the PRO-FORMA): the link stays on the portal."""
    current = organization()
    invoice = billing.invoice(current["id"], invoice_id)
    return _pdf(billing.invoice_pdf(current["id"], invoice_id), invoice.get("number") or "pro-forma")


@bp.get("/billing/credit-notes")
def invoices_credit_notes():
    current = organization()
    return render("credit_notes.html", organization=current, credit_notes=_items(billing.credit_notes(current["id"])))


@bp.get("/billing/credit-notes/<uuid:credit_note_id>/pdf")
def invoices_credit_notes_pdf(credit_note_id):
    current = organization()
    return _pdf(billing.credit_note_pdf(current["id"], credit_note_id), f"credit-note-{credit_note_id}")


def _items(answer):
    """A list, or a page of one ({items, next_cursor})."""
    return answer["items"] if isinstance(answer, dict) else answer
