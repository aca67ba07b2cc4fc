"""Paying an invoice (BI7, BI8): by a payment profile, or part from the prepaid account and the
rest by a profile. A card that asks for 3-D Secure sends the browser to the provider's page;
its callback brings the person back to the invoice (`return_url`)."""
from flask import current_app, flash, redirect, request, url_for
from flask_babel import gettext as _

from services.common.errors import DomainError

from ...apis import billing
from ...forms import Form
from . import bp
from .common import absolute, amount, amount_error, key, organization

RESULTS = {"succeeded": ("success", lambda: _("Thank you: the payment went through.")),
           "failed": ("error", lambda: _("The payment was declined. Choose another payment profile or try again.")),
           "requires_action": ("info", lambda: _("The payment is not confirmed yet: 3-D Secure was not completed."))}


def payment_result(payment_id):
    """After 3-D Secure: the payment's outcome as a message on the invoice page."""
    if not payment_id:
        return
    try:
        status = billing.payment(organization()["id"], payment_id)["status"]
    except DomainError:
        return
    if status in RESULTS:
        category, text = RESULTS[status]
        flash(text(), category)


def provider_page(action_url):
    """The provider's page (billing's sandbox serves it): an absolute URL as given, or billing's path."""
    return action_url if "://" in action_url else current_app.config["SERVICE_URLS"]["billing"].rstrip("/") + action_url


def pay_or_confirm(answer, back):
    """Where the browser goes after a payment's answer: the 3-D Secure page, or `back`."""
    if answer.get("status") == "requires_action" and answer.get("action_url"):
        return redirect(provider_page(answer["action_url"]), code=303)
    category, text = RESULTS.get(answer.get("status"), RESULTS["requires_action"])
    flash(text(), category)
    return redirect(back, code=303)


@bp.post("/billing/invoices/<uuid:invoice_id>/payment")
def invoices_pay(invoice_id):
    from .invoices import invoice_page  # the page this form lives on
    current, form = organization(), Form(request.form)
    prepaid = None
    if form["prepaid_amount"].strip():
        try:
            prepaid = amount(form["prepaid_amount"], current["currency"])
        except ValueError:
            return invoice_page(invoice_id, form.error("prepaid_amount", amount_error()), 422)
    if not form["profile_id"] and prepaid is None:
        return invoice_page(invoice_id, form.error("profile_id", _("Choose a payment profile.")), 422)
    try:
        answer = billing.pay_invoice(current["id"], invoice_id, form["profile_id"] or None, prepaid,
                                     absolute(".invoices_detail", invoice_id=invoice_id), key(form))
    except DomainError as error:
        return invoice_page(invoice_id, form.fail(error, fields={"prepaid_amount.amount": "prepaid_amount",
                                                                 "prepaid_amount": "prepaid_amount"}), 422)
    return pay_or_confirm(answer, url_for(".invoices_detail", invoice_id=invoice_id))
