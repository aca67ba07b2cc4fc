"""PX6: the shapes of the webhook subscriptions API (webhooks.py)."""
from marshmallow import fields, validate

from services.common import paging
from services.common.schema import Schema, Strict, Timestamp

from .webhooks import KINDS

DELIVERY_STATUSES = ("pending", "delivered", "failed")
KIND = fields.String(validate=validate.OneOf(KINDS))
URL = fields.Url(schemes={"https", "http"}, require_tld=False, validate=validate.Length(max=500),
                 metadata={"description": "https only; every address the host resolves to must be public "
                                          "(checked now and before each delivery)"})


class SubscriptionIn(Strict):
    url = URL
    events = fields.List(KIND, validate=validate.Length(1, len(KINDS)))
    description = fields.String(validate=validate.Length(max=200))
    active = fields.Boolean()


class NewSubscriptionIn(SubscriptionIn):
    url = fields.Url(required=True, schemes={"https", "http"}, require_tld=False, validate=validate.Length(max=500),
                     metadata=URL.metadata)
    events = fields.List(KIND, required=True, validate=validate.Length(1, len(KINDS)))


class SubscriptionOut(Schema):
    id = fields.UUID()
    partner_organization_id = fields.UUID()
    url = fields.String()
    events = fields.List(fields.String(metadata={"enum": list(KINDS)}))
    description = fields.String()
    active = fields.Boolean()
    created_at = Timestamp()


class NewSubscriptionOut(SubscriptionOut):
    secret = fields.String(attribute="shown_secret", metadata={
        "description": "The HMAC-SHA256 key of the Webhook-Signature header: shown in this answer only"})


class SubscriptionListOut(Schema):
    items = fields.List(fields.Nested(SubscriptionOut))


class AttemptOut(Schema):
    number = fields.Integer()
    attempted_at = Timestamp()
    address = fields.String(allow_none=True)
    status = fields.Integer(allow_none=True, metadata={"description": "The endpoint's HTTP status, if it answered"})
    error = fields.String(allow_none=True)
    duration_ms = fields.Integer()


class DeliveryOut(Schema):
    id = fields.UUID(metadata={"description": "Sent as Webhook-Id, the same on every try"})
    event_id = fields.UUID()
    event_type = fields.String(metadata={"enum": list(KINDS)})
    status = fields.String(metadata={"enum": list(DELIVERY_STATUSES)})
    attempts = fields.Integer()
    replays = fields.Integer()
    created_at = Timestamp()
    first_attempt_at = Timestamp(allow_none=True)
    next_attempt_at = Timestamp(allow_none=True)
    delivered_at = Timestamp(allow_none=True)
    last_status = fields.Integer(allow_none=True)
    last_error = fields.String(allow_none=True)
    payload = fields.Dict(metadata={"description": "The JSON body sent"})
    attempt_log = fields.List(fields.Nested(AttemptOut), data_key="attempt_log")


class DeliveryPageOut(Schema):
    items = fields.List(fields.Nested(DeliveryOut))
    next_cursor = fields.String(allow_none=True, metadata={"description": "Pass as `cursor`; null on the last page"})


class DeliveriesQuery(Strict):
    status = fields.String(validate=validate.OneOf(DELIVERY_STATUSES))
    cursor = paging.cursor_field()
    limit = fields.Integer(load_default=50, validate=validate.Range(1, 200))
