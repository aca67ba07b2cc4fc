"""PX4: the partner's dashboard from partner's health API in one call: the threshold's progress
and status with the grace clock (PA2), the tier and rates in force (PA11), a 12-month forecast
from the renewals due, links ending soon, clients' renewals, unpaid invoices and cashback per
month, the charts drawn on the server as SVG (charts.py) with their text equivalents."""
from services.common.errors import NotFound
from services.common.i18n import N_

from ...apis import partner
from . import bp, charts
from .common import organization, render

THRESHOLD_STATUSES = {"eligible": N_("eligible"), "warning": N_("close to the threshold"),
                      "grace": N_("grace period"), "lapsed": N_("below the threshold")}
CASHBACK_STATUSES = {"open": N_("open"), "issued": N_("issued"), "credited": N_("credited")}


@bp.get("/partner/dashboard")
def dashboard():
    current = organization()
    try:
        found = partner.health(current["id"])
    except NotFound:  # not (yet) a partner: the programme page says how to become one
        return render("dashboard.html", organization=current, health=None)
    figure = found["threshold"]
    return render("dashboard.html", organization=current, health=found, figure=figure,
                  threshold_chart=charts.threshold(figure), forecast_chart=charts.forecast(found["forecast"], figure),
                  at_risk=charts.at_risk(found["forecast"]), cashback_chart=charts.cashback(found["cashback"]),
                  threshold_statuses=THRESHOLD_STATUSES, cashback_statuses=CASHBACK_STATUSES)
