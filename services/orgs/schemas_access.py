"""Shapes of the access check (OR14) and the audit log."""
from marshmallow import fields, validate

from services.common.schema import Schema, Strict, Timestamp

from .domain import ACTIONS

MAX_ID = 2**63 - 1  # a cursor or offset past a 64-bit integer is no row: the database cannot even compare it


class AccessCheckIn(Strict):
    subject = fields.UUID(required=True, metadata={"description": "The account asking."})
    action = fields.String(required=True, validate=validate.OneOf(ACTIONS))
    organization_id = fields.UUID(required=True)
    product_id = fields.UUID(load_default=None, allow_none=True)


class AccessBatchIn(Strict):
    checks = fields.List(fields.Nested(AccessCheckIn), required=True, validate=validate.Length(min=1, max=100))


class ViaOut(Schema):
    kind = fields.String(metadata={"description": "membership, team, grant or delegation"})
    id = fields.String()


class DecisionOut(Schema):
    decision = fields.String(metadata={"description": "allow or deny"})
    reason = fields.String()
    via = fields.Nested(ViaOut, allow_none=True)


class AuditQuery(Strict):
    actor = fields.UUID(metadata={"description": "Entries by this account"})
    action = fields.String(validate=validate.Length(max=60), metadata={"description": "e.g. member.update"})
    target = fields.String(validate=validate.Length(max=200), metadata={
        "description": "Entries about this target (an account, invitation, team or organization id)"})
    since = Timestamp(metadata={"description": "From this instant (included)"})
    until = Timestamp(metadata={"description": "Up to this instant (excluded)"})
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))
    offset = fields.Integer(load_default=0, validate=validate.Range(min=0, max=MAX_ID))
    before = fields.Integer(load_default=None, validate=validate.Range(min=1, max=MAX_ID), metadata={
        "description": "The previous page's next_cursor: entries older than it (stable while new ones arrive)."})


class AuditEntryOut(Schema):
    id = fields.Integer()
    organization_id = fields.UUID()
    actor_id = fields.UUID(allow_none=True)
    delegation_id = fields.UUID(allow_none=True)
    action = fields.String()
    target = fields.String(allow_none=True)
    outcome = fields.String()
    detail = fields.String(allow_none=True)
    at = Timestamp()


class AuditPageOut(Schema):
    items = fields.List(fields.Nested(AuditEntryOut))
    total = fields.Integer(metadata={"description": "Entries matching the filters, on every page"})
    limit = fields.Integer()
    offset = fields.Integer()
    next_cursor = fields.Integer(allow_none=True, metadata={"description": "Pass as `before` for the next page; null on the last"})


class ActivityQuery(Strict):
    """PX2: the feed's filters; entries newest first."""

    link_id = fields.UUID(metadata={"description": "Entries made through this partner link"})
    actor_id = fields.UUID(metadata={"description": "Entries by this partner user"})
    action = fields.String(validate=validate.Length(max=60), metadata={"description": "e.g. product.manage"})
    since = Timestamp(metadata={"description": "From this instant (included)"})
    until = Timestamp(metadata={"description": "Up to this instant (excluded)"})
    cursor = fields.Integer(load_default=None, validate=validate.Range(min=1, max=MAX_ID), metadata={
        "description": "The previous page's next_cursor: older entries (stable while new ones arrive)."})
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))


class ActivityCsvQuery(ActivityQuery):
    class Meta:
        exclude = ("cursor", "limit")


class ActivityOut(Schema):
    at = Timestamp()
    actor_id = fields.UUID()
    actor_name = fields.String(allow_none=True, metadata={"description": "From identity's events; null until known"})
    actor_email = fields.String(allow_none=True)
    partner_organization_id = fields.UUID(allow_none=True)
    partner_name = fields.String(allow_none=True)
    link_id = fields.UUID()
    action = fields.String()
    target = fields.String(allow_none=True)
    outcome = fields.String(metadata={"description": "allowed or denied"})


class ActivityPageOut(Schema):
    items = fields.List(fields.Nested(ActivityOut))
    next_cursor = fields.Integer(allow_none=True, metadata={"description": "Pass as `cursor` for the next page; "
                                                                           "null on the last"})
