"""Events partner consumes: one function per event type, each calling one use case."""
from services.common import revocations

from . import affiliate_runs, attribution, cashback, service, volume, webhook_events
from .events import LINK_EVENTS, PRODUCT_EVENTS
from .models import RevokedCredential


def on_organization_created(data, envelope):
    service.record_organization(data["organization_id"], data["name"], data["kind"], data["currency"])
    attribution.organization_created(data["organization_id"], data["legal_representative_id"],
                                     envelope["occurred_at"])  # PA15


def on_account_registered(data, envelope):
    attribution.account_registered(data["account_id"], data["referral_code"], envelope["occurred_at"])  # PA15


def on_invoice_issued(data, envelope):
    cashback.record_invoice(data, envelope["data"])
    attribution.invoice_issued(data["organization_id"], data["invoice_id"], data["referral_code"], data["issued_at"])


def on_invoice_paid(data, envelope):
    cashback.invoice_paid(data["invoice_id"], data["paid_at"])
    attribution.invoice_paid(data["invoice_id"], data["paid_at"])  # PA15 commission


def on_credit_note_issued(data, envelope):
    cashback.credit_note_issued(data["invoice_id"], data["credit_note_id"], data["lines"], envelope["occurred_at"])
    attribution.credit_note_issued(data["invoice_id"], data["credit_note_id"], data["lines"], envelope["occurred_at"])


def on_prepaid_credited(data, envelope):
    if data["kind"] == "cashback" and data["reference"]:
        cashback.statement_credited(data["reference"], data["entry_id"], envelope["occurred_at"])
    if data["kind"] == "commission" and data["reference"]:  # PA15
        affiliate_runs.payout_paid(data["reference"], data["entry_id"], envelope["occurred_at"])


def on_product(data, envelope):
    volume.product_event(data, envelope["occurred_at"])


def on_link(data, envelope):
    volume.link_event(data)


SUBSCRIPTIONS = {
    "orgs.organization.created": on_organization_created,
    "identity.account.registered": on_account_registered,  # PA15
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
