"""Promotion codes and free vouchers (BI10), created by operators (`python -m services.billing
promotions add ...`, `vouchers add ...`, cli.py). Codes are stored and matched upper-case."""
import secrets
from decimal import Decimal, InvalidOperation

import peewee

from services.common.errors import BadRequest, Conflict
from services.common.money import Money

from .models import PromotionCode, Voucher, db

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed by people


def new_code(length=10):
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def _code(code):
    code = (code or new_code()).strip().upper()
    if not 3 <= len(code) <= 40 or not code.replace("-", "").isalnum():
        raise BadRequest("A code has 3 to 40 letters, digits or hyphens.")
    return code


def create_promotion(code, valid_from, valid_until, percent=None, amount=None, currency=None, max_uses=None):
    """A percentage (0 < p <= 100) or a fixed amount in one currency, valid between two dates."""
    if (percent is None) == (amount is None):
        raise BadRequest("Give a percentage or an amount, not both.")
    if percent is not None:
        try:
            rate = Decimal(percent)
        except InvalidOperation:
            raise BadRequest(f"{percent!r} is not a percentage.") from None
        if not (rate.is_finite() and 0 < rate <= 100):
            raise BadRequest("A percentage is above 0 and at most 100.")
        percent = format(rate.normalize(), "f")
    else:
        try:
            money = Money.of(amount, currency)
        except (ValueError, InvalidOperation) as error:
            raise BadRequest(f"amount: {error}") from None
        if money.minor <= 0:
            raise BadRequest("The amount is positive.")
        amount = money.minor
    if valid_until < valid_from:
        raise BadRequest("The code's validity ends before it starts.")
    if max_uses is not None and max_uses < 1:
        raise BadRequest("At least one use.")
    return _insert(PromotionCode, code=_code(code), percent=percent, amount_minor=amount,
                   currency=currency if amount is not None else None, valid_from=valid_from,
                   valid_until=valid_until, max_uses=max_uses)


def create_voucher(code, product_type, months, valid_until, catalogue):
    """A free first period of `months` of one product type."""
    offered = catalogue.get(product_type)
    if offered is None:
        raise BadRequest(f"{product_type!r} is not in the catalogue.")
    if months not in [price.months for price in offered.prices]:
        raise BadRequest(f"{offered.name} is not sold by periods of {months} months.")
    return _insert(Voucher, code=_code(code), product_type=product_type, months=months, valid_until=valid_until)


def _insert(model, **fields):
    try:
        with db.atomic():
            return model.create(**fields)
    except peewee.IntegrityError:
        raise Conflict(f"The code {fields['code']} exists already.") from None
