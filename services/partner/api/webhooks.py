"""PX6: a partner's webhook subscriptions, their delivery log and replay. The partner's managers
(`partner.manage`) write and read; the provider's staff (scope `staff`) read."""
from flask import current_app, g
from flask.views import MethodView

from services.common.auth import auth_requirement, current_token, user_check
from services.common.web import Blueprint, idempotent

from .. import webhooks
from ..schemas_webhooks import (DeliveriesQuery, DeliveryOut, DeliveryPageOut, NewSubscriptionIn, NewSubscriptionOut,
                                SubscriptionIn, SubscriptionListOut, SubscriptionOut)
from .people import PERSON, PERSON_SCOPE, STAFF, STAFF_SCOPE, extension

blp = Blueprint("partner_webhooks", __name__, url_prefix="/v1/partners/<uuid:partner_organization_id>/webhooks",
                description="PX6: signed webhooks of the partner's own events, their delivery log and replay.")
READERS = PERSON + STAFF


def _person_or_staff():
    """A person's token with scope `partner`, or a staff member's (scope `staff`: reads only)."""
    def check():
        scopes = (current_token().get("scope") or "").split()
        user_check(STAFF_SCOPE if STAFF_SCOPE in scopes else PERSON_SCOPE)()
    return auth_requirement(check)


def caller():
    scopes = (g.token.get("scope") or "").split()
    return webhooks.Caller(g.account_id, staff=STAFF_SCOPE in scopes)


def access():
    return extension("access_client")


@blp.route("")
class Subscriptions(MethodView):
    decorators = [_person_or_staff()]

    @blp.response(200, SubscriptionListOut)
    @blp.doc(security=READERS)
    def get(self, partner_organization_id):
        """The partner's subscriptions, oldest first (the secrets are never shown again)."""
        return webhooks.listing(access(), caller(), partner_organization_id)

    @idempotent
    @blp.arguments(NewSubscriptionIn)
    @blp.response(201, NewSubscriptionOut)
    @blp.doc(security=PERSON)
    def post(self, body, partner_organization_id):
        """Subscribe an https endpoint to event kinds; the answer holds the signing secret, once.
        422 PX6 for an endpoint on a loopback, private or link-local address."""
        return webhooks.create(access(), caller(), current_app.config, partner_organization_id, body)


@blp.route("/<uuid:subscription_id>")
class SubscriptionById(MethodView):
    decorators = [_person_or_staff()]

    @blp.response(200, SubscriptionOut)
    @blp.doc(security=READERS)
    def get(self, partner_organization_id, subscription_id):
        """One subscription."""
        return webhooks.read(access(), caller(), partner_organization_id, subscription_id)

    @blp.arguments(SubscriptionIn)
    @blp.response(200, SubscriptionOut)
    @blp.doc(security=PERSON)
    def patch(self, body, partner_organization_id, subscription_id):
        """Another URL (checked again), event kinds or description; `active` false pauses it."""
        return webhooks.change(access(), caller(), current_app.config, partner_organization_id, subscription_id, body)

    @blp.response(204)
    @blp.doc(security=PERSON)
    def delete(self, partner_organization_id, subscription_id):
        """Remove it: nothing more is sent to it, its pending deliveries included."""
        webhooks.remove(access(), caller(), partner_organization_id, subscription_id)


@blp.route("/<uuid:subscription_id>/deliveries")
class Deliveries(MethodView):
    decorators = [_person_or_staff()]

    @blp.arguments(DeliveriesQuery, location="query")
    @blp.response(200, DeliveryPageOut)
    @blp.doc(security=READERS)
    def get(self, query, partner_organization_id, subscription_id):
        """The delivery log, newest first, each delivery with its tries."""
        return webhooks.deliveries(access(), caller(), partner_organization_id, subscription_id,
                                   query.get("status"), query.get("cursor"), query["limit"])


@blp.route("/<uuid:subscription_id>/deliveries/<uuid:delivery_id>/replay")
class Replay(MethodView):
    decorators = [_person_or_staff()]

    @blp.response(200, DeliveryOut)
    @blp.doc(security=PERSON)
    def post(self, partner_organization_id, subscription_id, delivery_id):
        """Send the delivery again now (same Webhook-Id and body), with 24 h of retries anew."""
        return webhooks.replay(access(), caller(), partner_organization_id, subscription_id, delivery_id)
