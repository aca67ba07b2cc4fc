"""The dates of automatic renewal (BI3), the warranty (BI4) and dunning (BI6), as plain Python:
when a charge is attempted, when a warning or reminder is due, when a product is suspended
or terminated. No Flask, peewee or pika; every function takes `today`."""
import calendar
from datetime import date, timedelta

from services.common.errors import RuleViolation
from services.common.i18n import N_

AUTO_RENEWAL_LEAD_DAYS = 14  # BI3: no switching on this close to expiry; the first charge this far ahead
CHARGE_DAYS_BEFORE = (14, 10, 7, 3, 1)  # BI3: the first attempt, then the retries
EXPIRY_WARNING_DAYS = (30, 7)  # BI6: "billing emails warn before expiry" (products without auto-renewal)
# BI6, (our choice): days after the due date and what happens then. Reminders by mail; at +15 the
# products the invoice covers are suspended, at +45 terminated; each step once, in this order.
DUNNING_STEPS = ((0, "reminder"), (7, "reminder"), (15, "suspension"), (30, "reminder"), (45, "termination"))
SUSPENDED_AFTER_STEP = 3  # Invoice.reminders_sent from which the invoice's products are suspended
CARD_BRANDS = ("visa", "mastercard")  # BI3: the only profiles an automatic renewal charges


def add_months(day, months):
    """`day` plus `months` calendar months; the 31st becomes the last day of a shorter month."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def days_left(expires_on, today):
    return (expires_on - today).days


def is_auto_renewal_card(method, brand):
    """BI3: automatic renewal charges a Visa or MasterCard card, nothing else."""
    return method == "card" and brand in CARD_BRANDS


def check_auto_renewal_switch_on(expires_on, today, default_profile):
    """BI3: switching automatic renewal on needs a Visa or MasterCard default profile and
    at least 14 days left; otherwise the product has to be renewed manually first."""
    if default_profile is None or not is_auto_renewal_card(*default_profile):
        raise RuleViolation("BI3", N_("Automatic renewal needs a Visa or MasterCard card as the default "
                                      "payment profile."))
    if days_left(expires_on, today) <= AUTO_RENEWAL_LEAD_DAYS:
        raise RuleViolation("BI3", N_("Automatic renewal cannot be switched on within 14 days of expiry: "
                                      "renew manually first."))


def check_warranty_offered(warranty_offered, enabled):
    """BI4: the renewal warranty is an option of every product type whose catalogue entry allows
    it (never NAS Synology); taking it off is always possible."""
    if enabled and not warranty_offered:
        raise RuleViolation("BI4", N_("This product type has no renewal warranty."))


def charge_attempt(expires_on, today):
    """BI3: the number (1, 2, ...) of the charge attempt due today for a product expiring on
    `expires_on`, or None outside the 14 days. A day the run did not run is caught up the
    next day under the same number, so the attempts stay at most one per retry date."""
    left = days_left(expires_on, today)
    if not 1 <= left <= AUTO_RENEWAL_LEAD_DAYS:
        return None
    return sum(1 for days in CHARGE_DAYS_BEFORE if days >= left)


def charge_window(attempt, today):
    """The expiry dates (first, last) for which attempt number `attempt` falls due today."""
    latest = CHARGE_DAYS_BEFORE[attempt - 1]
    earliest = CHARGE_DAYS_BEFORE[attempt] + 1 if attempt < len(CHARGE_DAYS_BEFORE) else 1
    return today + timedelta(days=earliest), today + timedelta(days=latest)


def expiry_warning(expires_on, today):
    """BI6: the warning due today (30 or 7 days ahead), the nearest one reached, or None. A
    product first seen 5 days before expiry gets the 7-day warning only."""
    left = days_left(expires_on, today)
    due = [days for days in EXPIRY_WARNING_DAYS if 1 <= left <= days]
    return min(due) if due else None


def dunning_step(due_on, today):
    """BI6: how many dunning steps an invoice due on `due_on` has reached today (0: not yet due)."""
    overdue = (today - due_on).days
    return sum(1 for days, _what in DUNNING_STEPS if overdue >= days)


def dunning_date(due_on, step):
    """The day step number `step` (1..) falls due."""
    return due_on + timedelta(days=DUNNING_STEPS[step - 1][0])
