"""PX5 use cases of a partner's rebilling set-up: its branding and its markup rules.

A rule may not take effect in a month already invoiced (a branded invoice exists) for the
client it names, or for any of the partner's clients when it names none: 422 rule PX5. A rule
is deleted only before it takes effect; afterwards it is history (what was invoiced names it).
"""
from decimal import Decimal

from peewee import fn

from services.common import clock
from services.common.errors import NotFound, RuleViolation
from services.common.money import Money

from . import markup
from .models import db
from .rebilling_models import BrandedInvoice, MarkupRule, PartnerBranding

LOGO_LIMIT = 200 * 1024
LOGO_TYPES = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}


def branding_of(partner_id):
    branding = PartnerBranding.get_or_none(PartnerBranding.partner_organization_id == partner_id)
    if branding is None:
        raise NotFound("This partner has no branding yet.")
    return branding


def logo_type(content):
    """The logo's media type from its first bytes (PNG or JPEG), else None."""
    return next((kind for magic, kind in LOGO_TYPES.items() if content.startswith(magic)), None)


def put_branding(partner_id, fields):
    """Create or replace the partner's branding; `logo` (bytes) when given, None removes it."""
    values = {key: fields[key] for key in ("name", "street", "postal_code", "city", "country", "vat_number",
                                           "currency", "iban", "qr_iban", "number_prefix") if key in fields}
    if "logo" in fields:
        logo = fields["logo"]
        if logo is not None and len(logo) > LOGO_LIMIT:
            raise RuleViolation("PX5", "The logo is larger than 200 kB.")
        kind = logo_type(logo) if logo is not None else None
        if logo is not None and kind is None:
            raise RuleViolation("PX5", "The logo must be a PNG or JPEG image.")
        values.update(logo=logo, logo_type=kind)
    if values.get("currency") == "CHF" and not (values.get("qr_iban") or values.get("iban")):
        raise RuleViolation("PX5", "A CHF branding needs an IBAN or a QR-IBAN for its QR-bills.")
    values["updated_at"] = clock.utcnow()
    with db.atomic():
        updated = PartnerBranding.update(**values).where(PartnerBranding.partner_organization_id == partner_id).execute()
        if not updated:
            PartnerBranding.create(partner_organization_id=partner_id, **values)
    return branding_of(partner_id)


def rules_of(partner_id):
    return list(MarkupRule.select().where(MarkupRule.partner_organization_id == partner_id)
                .order_by(MarkupRule.effective_from, MarkupRule.created_at))


def as_rule(row):
    """A MarkupRule row as markup.Rule."""
    return markup.Rule(id=row.id, client_organization_id=row.client_organization_id, family=row.family, kind=row.kind,
                       percent=Decimal(row.percent) if row.percent is not None else None,
                       amount=Money(row.amount_minor, row.currency) if row.amount_minor is not None else None,
                       rounding=row.rounding, effective_from=row.effective_from, created_at=row.created_at)


def last_invoiced_month(partner_id, client_id=None):
    """The latest month with a branded invoice of the partner (to `client_id`, when given)."""
    query = BrandedInvoice.select(fn.MAX(BrandedInvoice.month)).where(
        BrandedInvoice.partner_organization_id == partner_id)
    if client_id is not None:
        query = query.where(BrandedInvoice.client_organization_id == client_id)
    return query.scalar()


def add_rule(partner_id, fields):
    """PX5: a new markup rule, refused (422 PX5) when it would take effect in an invoiced month."""
    amount = fields.get("amount")
    with db.atomic():
        last = last_invoiced_month(partner_id, fields.get("client_organization_id"))
        if markup.takes_effect_in_invoiced_month(fields["effective_from"], last):
            raise RuleViolation("PX5", f"{last} is already invoiced: a rule may take effect from the month after.")
        return MarkupRule.create(
            partner_organization_id=partner_id, client_organization_id=fields.get("client_organization_id"),
            family=fields.get("family"), kind=fields["kind"],
            percent=str(Decimal(fields["percent"])) if fields.get("percent") is not None else None,
            amount_minor=amount.minor if amount else None, currency=amount.currency if amount else None,
            rounding=fields["rounding"], effective_from=fields["effective_from"], created_at=clock.utcnow())


def delete_rule(partner_id, rule_id):
    """Only before it takes effect (422 PX5 afterwards)."""
    with db.atomic():
        rule = MarkupRule.get_or_none((MarkupRule.id == rule_id) & (MarkupRule.partner_organization_id == partner_id))
        if rule is None:
            raise NotFound("No such markup rule.")
        if rule.effective_from <= clock.today():
            raise RuleViolation("PX5", "This rule is in effect: it may no longer be deleted; add a newer one.")
        rule.delete_instance()
