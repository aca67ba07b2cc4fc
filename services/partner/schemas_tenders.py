"""Calls for tenders over HTTP (PA13): what posters, partners and staff send and read."""
from marshmallow import ValidationError, fields, post_load, validate, validates_schema

from services.common import clock, paging
from services.common.money import Money
from services.common.money_schema import DECIMAL, MINOR_LIMIT
from services.common.pricing import FAMILIES
from services.common.schema import Schema, Strict, Timestamp

from . import reach, tenders

TENDER_CURRENCIES = ("CHF", "EUR")


class RangeIn(Strict):
    """An amount range: min ≤ max, both above zero, decimal strings in the currency's units."""

    min = fields.String(required=True, validate=validate.Regexp(DECIMAL, error="a decimal string such as '1500.00'"),
                        metadata={"example": "1500.00"})
    max = fields.String(required=True, validate=validate.Regexp(DECIMAL, error="a decimal string such as '1500.00'"),
                        metadata={"example": "4000.00"})
    currency = fields.String(required=True, validate=validate.OneOf(TENDER_CURRENCIES))

    @validates_schema
    def _positive_and_ordered(self, data, **_):
        amounts = {}
        for name in ("min", "max"):
            try:
                amounts[name] = Money.of(data[name], data["currency"])
            except ValueError as error:
                raise ValidationError(str(error), field_name=name) from None
            if not 0 < amounts[name].minor < MINOR_LIMIT:
                raise ValidationError("must be above zero (and not absurdly large)", field_name=name)
        if amounts["min"] > amounts["max"]:
            raise ValidationError("min must not exceed max", field_name="max")

    @post_load
    def _money(self, data, **_):
        return {"min": Money.of(data["min"], data["currency"]), "max": Money.of(data["max"], data["currency"]),
                "currency": data["currency"]}


class TenderIn(Strict):
    """A call for tenders (PA13); its deadline is 1 to 180 days ahead (422 rule PA13 otherwise)."""

    title = fields.String(required=True, validate=validate.Length(1, 120))
    needs = fields.String(required=True, validate=validate.Length(20, 4000), metadata={"multiline": True})
    products = fields.List(fields.String(validate=validate.OneOf(FAMILIES)), required=True,
                           validate=validate.Length(1, len(FAMILIES)))
    speciality = fields.String(required=True, validate=validate.OneOf(reach.SPECIALITIES))
    budget = fields.Nested(RangeIn, required=True)
    region = fields.String(required=True, validate=validate.OneOf(reach.ALL_REGIONS))
    language = fields.String(required=True, validate=validate.OneOf(reach.PROFILE_LANGUAGES))
    deadline = fields.Date(required=True, metadata={"description": "1 to 180 days ahead; past it the call closes"})


class VisitorTenderIn(TenderIn):
    email = fields.Email(required=True, validate=validate.Length(max=254))
    name = fields.String(required=True, validate=validate.Length(1, 200))


class VerifyIn(Strict):
    token = fields.String(required=True, validate=validate.Length(20, 100))


class AnswerIn(Strict):
    message = fields.String(required=True, validate=validate.Length(1, 4000), metadata={"multiline": True})
    price = fields.Nested(RangeIn, required=True)


class AcceptIn(Strict):
    answer_id = fields.UUID(required=True)


class WithdrawIn(Strict):
    pass


class ConfirmIn(Strict):
    provider_products_only = fields.Boolean(metadata={
        "description": "Must be true: the partner uses only the provider's products for this contract (PA13)"})


class RemoveIn(Strict):
    reason = fields.String(required=True, validate=validate.Length(1, 500))


class TendersQuery(Strict):
    status = fields.String(validate=validate.OneOf(tenders.STATUSES))
    cursor = paging.cursor_field()
    limit = fields.Integer(load_default=50, validate=validate.Range(1, 200))


class RangeOut(Schema):
    min = fields.String()
    max = fields.String()
    currency = fields.String()


def _range(minor_min, minor_max, currency):
    return {"min": str(Money(minor_min, currency).amount), "max": str(Money(minor_max, currency).amount),
            "currency": currency}


class TenderOut(Schema):
    """A call for tenders as partners read it (no poster's identity)."""

    id = fields.UUID()
    title = fields.String()
    needs = fields.String()
    products = fields.List(fields.String())
    speciality = fields.String()
    budget = fields.Method("budget_of", metadata={"type": "object"})
    region = fields.String()
    country = fields.Method("country_of", metadata={"type": "string"})
    language = fields.String()
    deadline = fields.Date()
    status = fields.Method("status_of", metadata={"type": "string", "enum": list(tenders.STATUSES)})
    poster_kind = fields.String(metadata={"enum": ["visitor", "client"]})
    created_at = Timestamp()
    opened_at = Timestamp(allow_none=True)

    def budget_of(self, tender):
        return _range(tender.budget_min_minor, tender.budget_max_minor, tender.currency)

    def country_of(self, tender):
        return reach.country_of(tender.region)

    def status_of(self, tender):
        return tenders.status_at(tender, clock.utcnow())


class AnswerOut(Schema):
    id = fields.UUID()
    tender_id = fields.Function(lambda answer: str(answer.tender_id), metadata={"type": "string"})
    partner_organization_id = fields.UUID()
    partner_name = fields.String()
    partner_slug = fields.String(allow_none=True)
    message = fields.String()
    price = fields.Method("price_of", metadata={"type": "object"})
    created_at = Timestamp()

    def price_of(self, answer):
        return _range(answer.price_min_minor, answer.price_max_minor, answer.currency)


class AwardOut(Schema):
    """The pre-filled link request of an accepted answer; `link_id` once the partner confirmed."""

    id = fields.UUID()
    tender_id = fields.Function(lambda award: str(award.tender_id), metadata={"type": "string"})
    answer_id = fields.Function(lambda award: str(award.answer_id), metadata={"type": "string"})
    partner_organization_id = fields.UUID()
    products = fields.List(fields.String())
    client_organization_id = fields.UUID(allow_none=True)
    client_email = fields.String(allow_none=True)
    created_at = Timestamp()
    provider_products_only = fields.Boolean()
    confirmed_by = fields.UUID(allow_none=True)
    confirmed_at = Timestamp(allow_none=True)
    link_id = fields.UUID(allow_none=True)


class PartnerTenderOut(TenderOut):
    answered = fields.Boolean()
    answer = fields.Nested(AnswerOut, allow_none=True)
    awarded_to_me = fields.Boolean()


class PosterTenderOut(TenderOut):
    """The poster's view: the answers (partner name and directory slug) and the award."""

    poster_email = fields.String(allow_none=True)
    poster_name = fields.String(allow_none=True)
    poster_organization_id = fields.UUID(allow_none=True)
    answers = fields.List(fields.Nested(AnswerOut))
    award = fields.Nested(AwardOut, allow_none=True)


class VisitorPostedOut(Schema):
    id = fields.UUID()
    status = fields.String()


class VerifiedOut(PosterTenderOut):
    key = fields.String(metadata={"description": "The poster key (also mailed): send it as header Tender-Key"})


class StaffTenderOut(TenderOut):
    poster_email = fields.String(allow_none=True)
    poster_name = fields.String(allow_none=True)
    poster_organization_id = fields.UUID(allow_none=True)
    removed_at = Timestamp(allow_none=True)
    removal_reason = fields.String(allow_none=True)


class TenderPageOut(Schema):
    items = fields.List(fields.Nested(PosterTenderOut))
    next_cursor = fields.String(allow_none=True)


class PartnerTenderPageOut(Schema):
    items = fields.List(fields.Nested(PartnerTenderOut))
    next_cursor = fields.String(allow_none=True)


class StaffTenderPageOut(Schema):
    items = fields.List(fields.Nested(StaffTenderOut))
    next_cursor = fields.String(allow_none=True)
