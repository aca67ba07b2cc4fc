"""PA2: a partner's threshold status, and the PA11 benefits that follow from it.

Statuses, from the managed volume V (volume.py) and the threshold T of the partner's currency
(ratecard.THRESHOLD: CHF 2,000.00, EUR 1,800.00), exact to the centime:
- `eligible`  V ≥ T × (1 + margin)  (margin: THRESHOLD_WARNING_MARGIN, 0.10 by default);
- `warning`   T ≤ V < T × (1 + margin): reached, but close to the line;
- `grace`     V < T after having been eligible or warning: benefits continue until
              `grace_ends_at` = the moment it fell below + 90 days;
- `lapsed`    below T and never reached (a new partner), or the grace ended while still below:
              no benefits.
Back at or above T, the status is eligible or warning at once and the grace is cleared. The
grace end is applied by the daily run `threshold-grace` (threshold_runs.py) and respected by
reads before it runs (`effective_status`).

`settle(partner_id, now, people)` brings a Standing to what its volume says, in the caller's
transaction: every change counts `Standing.version` up; a status change emits
`partner.threshold.changed` and mails the partner's legal representatives; a change of the
benefits (active, tier, rate card version) emits `partner.benefits.changed`.
"""
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from fractions import Fraction

from services.common.contacts import legal_representatives
from services.common.i18n import N_, format_money, formatting_locale
from services.common.money import exact

from . import mails
from .models import Standing, messages, outbox
from .ratecard import THRESHOLD
from .statements import locked

STATUSES = ("eligible", "warning", "grace", "lapsed")
REACHED = ("eligible", "warning")
GRACE = timedelta(days=90)
DEFAULT_MARGIN = "0.10"

_settings = {"card": None, "margin": exact(DEFAULT_MARGIN), "orgs": None}


def configure(card, margin=DEFAULT_MARGIN, orgs_client=None):
    """The process's rate card (loaded at start), warning margin and client for orgs (whom to mail)."""
    value = exact(margin)
    if not 0 <= value < 1:
        raise ValueError(f"THRESHOLD_WARNING_MARGIN is a fraction from 0 to 1 (0.10 for 10 %), not {margin}")
    _settings.update(card=card, margin=value, orgs=orgs_client)


def ensure_configured():
    """The operator CLI (`run threshold-...`): configured from the environment the first time."""
    if _settings["card"] is None:
        from services.common.client import ServiceClient

        from .app import ORGS_SCOPES, load_ratecard, make_config
        config = make_config()
        load_ratecard(config, ServiceClient(config, "orgs", ORGS_SCOPES))


def card():
    ensure_configured()
    return _settings["card"]


def margin():
    return _settings["margin"]


# -- the rules (no database) ---------------------------------------------------------------

def status_for(previous, volume, grace_ends_at, now, warning_margin=None):
    """(status, grace_ends_at) for a managed `volume` (Money) after `previous`."""
    threshold = THRESHOLD[volume.currency]
    factor = 1 + (margin() if warning_margin is None else warning_margin)
    if volume >= threshold:
        return ("eligible" if volume.minor >= threshold.minor * factor else "warning"), None
    if previous in REACHED:
        return "grace", now + GRACE
    if previous == "grace" and grace_ends_at is not None and grace_ends_at > now:
        return "grace", grace_ends_at
    return "lapsed", None


def effective_status(standing, now):
    """The stored status, except that a grace past its end is lapsed even before the run."""
    if standing.status == "grace" and standing.grace_ends_at is not None and standing.grace_ends_at <= now:
        return "lapsed"
    return standing.status


def benefits_for(status, volume, rate_card=None):
    """PA11: (active, tier or None) for a status and volume: active unless lapsed; the tier the
    volume reaches, in warning or grace below the first tier the first one."""
    rate_card = rate_card or card()
    active = status != "lapsed"
    if not active:
        return False, None
    return True, rate_card.tier(volume) or rate_card.tiers[0]


def rates_of(tier, rate_card=None):
    """{family: "percent"} of `tier` (what partner.benefits.changed carries)."""
    if tier is None:
        return {}
    return (rate_card or card()).rates(tier.starts["CHF"])


def progress_percent(volume):
    """Volume ÷ threshold in percent, two decimals (rounded down: 99.99 until it is reached)."""
    threshold = THRESHOLD[volume.currency]
    value = Fraction(volume.minor * 10000, threshold.minor)
    return Decimal(value.numerator // value.denominator).scaleb(-2)


@dataclass(frozen=True)
class View:
    """A partner's threshold as read now (GET /threshold, health)."""

    status: str
    volume: object
    threshold: object
    since: object
    grace_ends_at: object
    grace_days_left: object
    tier: object
    rates: dict
    ratecard_version: str
    benefits_active: bool
    progress_percent: Decimal
    currency: str


def view(standing, now):
    status = effective_status(standing, now)
    active, tier = benefits_for(status, standing.volume)
    grace_end = standing.grace_ends_at if status == "grace" else None
    days_left = None if grace_end is None else max(0, (grace_end - now + timedelta(days=1) - timedelta(
        microseconds=1)).days)
    return View(status=status, volume=standing.volume, threshold=THRESHOLD[standing.currency],
                since=standing.since, grace_ends_at=grace_end, grace_days_left=days_left,
                tier=tier.name if tier else None, rates=rates_of(tier), ratecard_version=card().version,
                benefits_active=active, progress_percent=progress_percent(standing.volume),
                currency=standing.currency)


# -- applying it --------------------------------------------------------------------------

def due(standing, now):
    """Whether `settle` would change the standing: the status or the benefits it publishes."""
    status, _grace = status_for(standing.status, standing.volume, standing.grace_ends_at, now)
    active, tier = benefits_for(status, standing.volume)
    return status != standing.status or _published(active, tier) != (
        standing.benefits_active, standing.tier, standing.ratecard_version)


def _published(active, tier):
    return active, tier.name if tier else None, card().version if active else None


def people_of(partner_id):
    """Whom a status change is mailed to: the partner's legal representatives (asked of orgs)."""
    ensure_configured()
    return legal_representatives(_settings["orgs"], partner_id)


def settle(partner_id, now, people=None):
    """Bring the partner's Standing to what its volume says, in the caller's transaction.
    `people`: the legal representatives asked before the transaction (a run); None: asked of
    orgs when the status changes (an event handler: rare, and orgs is another database).
    True when something changed."""
    standing = locked(Standing, partner_organization_id=partner_id)
    if standing is None:
        return False
    previous = standing.status
    status, grace_ends_at = status_for(previous, standing.volume, standing.grace_ends_at, now)
    active, tier = benefits_for(status, standing.volume)
    benefits = _published(active, tier)
    status_changed = status != previous
    benefits_changed = benefits != (standing.benefits_active, standing.tier, standing.ratecard_version)
    if not status_changed and not benefits_changed:
        return False
    version = standing.version + 1
    changes = {"version": version, "benefits_active": benefits[0], "tier": benefits[1],
               "ratecard_version": benefits[2]}
    if status_changed:
        changes.update(status=status, since=now, grace_ends_at=grace_ends_at)
    Standing.update(**changes).where((Standing.partner_organization_id == partner_id)
                                     & (Standing.version == standing.version)).execute()
    for name, value in changes.items():
        setattr(standing, name, value)
    if status_changed:
        outbox.emit("partner.threshold.changed", {
            "partner_organization_id": str(partner_id), "version": version, "status": status,
            "previous_status": previous, "currency": standing.currency, "volume_minor": standing.volume_minor,
            "threshold_minor": THRESHOLD[standing.currency].minor, "since": now,
            "grace_ends_at": grace_ends_at})
        mails.mail_people(messages, people_of(partner_id) if people is None else people, _compose,
                          standing=standing)
    if benefits_changed:
        outbox.emit("partner.benefits.changed", {
            "partner_organization_id": str(partner_id), "version": version, "active": active,
            "currency": standing.currency, "tier": benefits[1], "rates": rates_of(tier),
            "ratecard_version": card().version})
    return True


# -- the mail -------------------------------------------------------------------------------

SUBJECTS = {
    "eligible": N_("You reached the partner threshold"),
    "warning": N_("Your managed volume is close to the partner threshold"),
    "grace": N_("Your managed volume fell below the partner threshold"),
    "lapsed": N_("Your partner benefits have stopped"),
}
EXPLANATIONS = {
    "eligible": N_("Your partner benefits apply."),
    "warning": N_("Your partner benefits apply, but a small decrease would bring you below the threshold."),
    "grace": N_("Your partner benefits continue until %(date)s. Reach the threshold again before then to keep "
                "them."),
    "lapsed": N_("Your partner benefits no longer apply. They start again when you reach the threshold."),
}


def _compose(language, standing):
    _ = mails.translator(language)
    locale = formatting_locale(language)
    threshold = THRESHOLD[standing.currency]
    figures = _("Managed volume per year: %(volume)s. Threshold: %(threshold)s.",
                volume=format_money(standing.volume.amount, standing.currency, locale),
                threshold=format_money(threshold.amount, threshold.currency, locale))
    explanation = _(EXPLANATIONS[standing.status],
                    date=mails.when(standing.grace_ends_at, language) if standing.grace_ends_at else "")
    return _(SUBJECTS[standing.status]), figures + "\n\n" + explanation + "\n"
