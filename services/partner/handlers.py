"""Events partner consumes: one function per event type, each calling one use case."""
from services.common import revocations

from . import cashback, service, volume, webhook_events
from .events import LINK_EVENTS, PRODUCT_EVENTS
from .models import RevokedCredential


def on_organization_created(data, envelope):
    service.record_organization(data["organization_id"], data["name"], data["kind"], data["currency"])


def on_invoice_issued(data, envelope):
    cashback.record_invoice(data, envelope["data"])


def on_invoice_paid(data, envelope):
    cashback.invoice_paid(data["invoice_id"], data["paid_at"])


def on_credit_note_issued(data, envelope):
    cashback.credit_note_issued(data["invoice_id"], data["credit_note_id"], data["lines"], envelope["occurred_at"])


def on_prepaid_credited(data, envelope):
    if data["kind"] == "cashback" and data["reference"]:
        cashback.statement_credited(data["reference"], data["entry_id"], envelope["occurred_at"])


def on_product(data, envelope):
    volume.product_event(data, envelope["occurred_at"])


def on_link(data, envelope):
    volume.link_event(data)


SUBSCRIPTIONS = {
    "orgs.organization.created": on_organization_created,
    "billing.invoice.issued": on_invoice_issued,  # PA11 cashback
    "billing.invoice.paid": on_invoice_paid,
    "billing.credit_note.issued": on_credit_note_issued,
    "billing.prepaid.credited": on_prepaid_credited,
    **revocations.handlers(RevokedCredential),  # ID12: tokens of ended sessions stop working at once
    # PA2: the managed volume and threshold status follow products and links (volume.py).
    **{f"billing.product.{name}": on_product for name in PRODUCT_EVENTS},
    **{f"partner.link.{name}": on_link for name in LINK_EVENTS},
}
# PX6: the events partners subscribe to also go to their webhooks, after any other handler of them.
SUBSCRIPTIONS = webhook_events.fanned_out(SUBSCRIPTIONS)
