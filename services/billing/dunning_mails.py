"""The mails of dunning and expiry (BI6), in the reader's language (services.common.i18n):
English is the source, translations/<lang>.po hold the rest. Amounts and dates are shown in
the reader's locale."""
from pathlib import Path

from services.common import i18n

ROOTS = [Path(__file__).resolve().parent]


def _tools(language):
    _ = i18n.Translator(ROOTS, language)
    locale = i18n.formatting_locale(_.language)
    return _, (lambda money: i18n.format_money(money.amount, money.currency, locale)), \
        (lambda day: i18n.format_date(day, locale))


def reminder(language, number, open_amount, due_on, suspend_on):
    """(subject, text): invoice `number` is unpaid at or after its due date."""
    _, money, day = _tools(language)
    subject = _("Reminder: invoice %(number)s is due", number=number)
    text = "\n\n".join([
        _("Invoice %(number)s of %(amount)s was due on %(date)s and we have not received your payment yet.",
          number=number, amount=money(open_amount), date=day(due_on)),
        _("Please pay it now. If it is still unpaid on %(date)s, the products it covers will be suspended.",
          date=day(suspend_on)),
        _("If you have paid in the meantime, thank you: please ignore this message."),
    ]) + "\n"
    return subject, text


def suspension(language, number, open_amount, products, terminate_on):
    """(subject, text): the products of unpaid invoice `number` are suspended."""
    _, money, day = _tools(language)
    subject = _("Products suspended: invoice %(number)s is unpaid", number=number)
    text = "\n\n".join([
        _("Invoice %(number)s of %(amount)s is still unpaid, so we have suspended the products it covers: "
          "%(products)s.", number=number, amount=money(open_amount), products=", ".join(products)),
        _("Paying the invoice reactivates them at once. If it is still unpaid on %(date)s, they will be "
          "terminated.", date=day(terminate_on)),
    ]) + "\n"
    return subject, text


def termination(language, number, products):
    """(subject, text): the products of unpaid invoice `number` are terminated."""
    _, _money, _day = _tools(language)
    subject = _("Products terminated: invoice %(number)s is unpaid", number=number)
    text = _("Invoice %(number)s remained unpaid, so we have terminated the products it covers: %(products)s.",
             number=number, products=", ".join(products)) + "\n\n" + _(
        "The invoice remains due.") + "\n"
    return subject, text


def expiry_warning(language, product, expires_on, warranty):
    """(subject, text): `product` (its name) expires on `expires_on` and renews only if paid."""
    _, _money, day = _tools(language)
    subject = _("%(product)s expires on %(date)s", product=product, date=day(expires_on))
    if warranty:
        then = _("With the renewal warranty it will be renewed anyway on that day, and invoiced.")
    else:
        then = _("Renew it before that day, or switch automatic renewal on, so that it keeps running.")
    text = _("Your product %(product)s expires on %(date)s.", product=product, date=day(expires_on)) \
        + "\n\n" + then + "\n"
    return subject, text
