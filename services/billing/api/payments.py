"""Payment profiles and paying invoices (BI7, BI8, BI13), for a person with scope `billing`."""
from flask import current_app, g
from flask.views import MethodView

from services.common.auth import require_user
from services.common.web import Blueprint, idempotent

from .. import payments, profiles
from ..schemas_payments import PayInvoiceIn, PayInvoiceOut, PaymentOut, PaymentProfileIn, PaymentProfileOut
from .guard import billing_access

blp = Blueprint("billing_payments", __name__, url_prefix="/v1/organizations/<uuid:organization_id>",
                description="Payment profiles and payments of invoices (BI7, BI8); no billing rights: 404 (BI13)")
PERSON = [{"bearer": ["billing"]}]


READ, MANAGE = "billing.read", "billing.manage"


def provider():
    return current_app.extensions["payment_provider"]


def payer(decision):
    """Who pays, as events' OrderedBy names them: the account and how orgs let it in."""
    via = decision.get("via") or {}
    return {"account_id": g.account_id, "via_kind": via.get("kind"), "via_id": via.get("id")}


def families():
    """{product type: family} of the catalogue, for the facts an issued invoice's event carries."""
    return {product.id: product.family for product in current_app.extensions["catalogue"].products}


@blp.route("/payment-profiles")
class Profiles(MethodView):
    decorators = [require_user("billing")]

    @blp.response(200, PaymentProfileOut(many=True))
    @blp.doc(security=PERSON)
    def get(self, organization_id):
        """The organization's payment profiles, oldest first (a JSON array); one is the default."""
        billing_access(organization_id, READ)
        return profiles.listing(organization_id)

    @idempotent
    @blp.arguments(PaymentProfileIn)
    @blp.response(201, PaymentProfileOut)
    @blp.doc(security=PERSON)
    def post(self, body, organization_id):
        """Add a profile: a card (Visa or Mastercard, BI7), a PostFinance Card (CHF only), PayPal,
        Twint or an IBAN. The first one becomes the default."""
        billing_access(organization_id, MANAGE)
        return profiles.create(organization_id, provider(), **body)


@blp.route("/payment-profiles/<uuid:profile_id>")
class Profile(MethodView):
    decorators = [require_user("billing")]

    @blp.response(204)
    @blp.doc(security=PERSON)
    def delete(self, organization_id, profile_id):
        """Remove a profile; if it was the default, the oldest other one becomes the default."""
        billing_access(organization_id, MANAGE)
        profiles.remove(organization_id, profile_id)


@blp.route("/payment-profiles/<uuid:profile_id>/default")
class DefaultProfile(MethodView):
    decorators = [require_user("billing")]

    @blp.response(200, PaymentProfileOut)
    @blp.doc(security=PERSON)
    def put(self, organization_id, profile_id):
        """Make this profile the default (the previous default stops being one, atomically)."""
        billing_access(organization_id, MANAGE)
        return profiles.make_default(organization_id, profile_id)


@blp.route("/invoices/<uuid:invoice_id>/payments")
class InvoicePayments(MethodView):
    decorators = [require_user("billing")]

    @idempotent
    @blp.arguments(PayInvoiceIn)
    @blp.response(201, PayInvoiceOut)
    @blp.doc(security=PERSON)
    def post(self, body, organization_id, invoice_id):
        """Pay what is due: `prepaid_amount` from the prepaid account (all or part, BI8), the rest
        with `profile_id` or the default profile. A draft (pro-forma) is issued when paid.
        `requires_action`: the payer answers 3-D Secure at `action_url`."""
        decision = billing_access(organization_id, MANAGE)
        return payments.pay_invoice(organization_id, invoice_id, provider(), body.get("prepaid_amount"),
                                    body.get("profile_id"), payer(decision), families())


@blp.route("/payments/<uuid:payment_id>")
class PaymentById(MethodView):
    decorators = [require_user("billing")]

    @blp.response(200, PaymentOut)
    @blp.doc(security=PERSON)
    def get(self, organization_id, payment_id):
        """One payment: an invoice's, a deposit or a withdrawal."""
        billing_access(organization_id, READ)
        return payments.get_payment(organization_id, payment_id)
