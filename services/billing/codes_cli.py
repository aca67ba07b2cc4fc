"""Operators' commands of billing for orders: promotion codes and free vouchers (BI10).

    python -m services.billing promotions add --percent 10 --from 2026-03-01 --until 2026-05-31 \
        [--code SPRING] [--max-uses 100]
    python -m services.billing promotions add --amount 20.00 --currency CHF --from ... --until ...
    python -m services.billing vouchers add --product-type domain-ch --months 12 --until 2027-12-31 \
        [--code ...] [--count 5]
    python -m services.billing promotions list | vouchers list
"""
import json
import sys
from datetime import date

from services.common import clock
from services.common.errors import DomainError

from . import app, codes
from .models import PromotionCode, Voucher


def promotions(config, args):
    """add or list promotion codes (BI10: a percentage or an amount off, at the end of an order)"""
    if args.action == "list":
        for row in PromotionCode.select().order_by(PromotionCode.valid_from):
            print(json.dumps({"code": row.code, "percent": row.percent, "amount_minor": row.amount_minor,
                              "currency": row.currency, "valid_from": row.valid_from.isoformat(),
                              "valid_until": row.valid_until.isoformat(), "max_uses": row.max_uses, "uses": row.uses}))
        return 0
    if args.valid_until is None:
        print("promotions add: --until DATE is required", file=sys.stderr)
        return 2
    return _report(lambda: [codes.create_promotion(args.code, args.valid_from or clock.today(), args.valid_until,
                                                   args.percent, args.amount, args.currency, args.max_uses)])


def vouchers(config, args):
    """add or list free vouchers (BI10: the first period of one product type free)"""
    if args.action == "list":
        for row in Voucher.select().order_by(Voucher.valid_until):
            print(json.dumps({"code": row.code, "product_type": row.product_type, "months": row.months,
                              "valid_until": row.valid_until.isoformat(),
                              "used_by_item": row.used_by_item and str(row.used_by_item)}))
        return 0
    if args.valid_until is None or args.product_type is None:
        print("vouchers add: --product-type and --until are required", file=sys.stderr)
        return 2
    catalogue = app.load_catalogue(config)
    return _report(lambda: [codes.create_voucher(args.code if args.count == 1 else None, args.product_type,
                                                 args.months, args.valid_until, catalogue)
                            for _ in range(args.count)])


def _report(create):
    try:
        created = create()
    except DomainError as error:
        print(error.detail, file=sys.stderr)
        return 2
    for row in created:
        print(row.code)
    return 0


def _promotion_arguments(parser):
    parser.add_argument("action", choices=["add", "list"])
    parser.add_argument("--code", help="the code (default: a random one)")
    parser.add_argument("--percent", help="a percentage off, e.g. 10 or 12.5")
    parser.add_argument("--amount", help="an amount off, e.g. 20.00 (with --currency)")
    parser.add_argument("--currency", choices=["CHF", "EUR"])
    parser.add_argument("--from", dest="valid_from", type=date.fromisoformat, help="first valid day (default: today)")
    parser.add_argument("--until", dest="valid_until", type=date.fromisoformat, help="last valid day (add: required)")
    parser.add_argument("--max-uses", type=int)


def _voucher_arguments(parser):
    parser.add_argument("action", choices=["add", "list"])
    parser.add_argument("--code", help="the code (default: a random one; with --count, always random)")
    parser.add_argument("--product-type", help="a catalogue id, e.g. domain-ch")
    parser.add_argument("--months", type=int, default=12, help="the free period (default 12)")
    parser.add_argument("--until", dest="valid_until", type=date.fromisoformat, help="last valid day (add: required)")
    parser.add_argument("--count", type=int, default=1, help="how many vouchers (default 1)")


promotions.arguments = _promotion_arguments
vouchers.arguments = _voucher_arguments
COMMANDS = {"promotions": promotions, "vouchers": vouchers}
