"""Names of the partner programme's codes on the client's pages, in the person's language:
link statuses, scopes, who pays, rights, elevation statuses and the activity feed's actions."""
from flask_babel import gettext

from services.common.i18n import N_

from . import bp

LINK_STATUSES = {"pending": N_("waiting for approval"), "active": N_("active"), "declined": N_("declined"),
                 "withdrawn": N_("withdrawn"), "expired": N_("expired"), "stopped": N_("stopped"),
                 "ended": N_("ended")}
SCOPES = {"limited": N_("Limited access"), "full": N_("Full access")}
PAYERS = {"client": N_("Our organization pays"), "partner": N_("The partner pays")}
RIGHTS = {"technical": N_("Technical"), "statistics": N_("Statistics")}
ELEVATION_STATUSES = {"pending": N_("waiting for a decision"), "approved": N_("approved"),
                      "declined": N_("declined"), "expired": N_("expired")}
ACTIONS = {"organization.read": N_("Read the organization"), "product.read": N_("Read a product"),
           "product.manage": N_("Manage a product"), "billing.read": N_("Read the billing"),
           "billing.manage": N_("Manage the billing"), "members.manage": N_("Manage members"),
           "organization.update": N_("Change the organization's details"),
           "elevation.request": N_("Ask for an elevation")}
OUTCOMES = {"allowed": N_("allowed"), "denied": N_("refused")}


def _name(table):
    return lambda code: gettext(table[code]) if code in table else (code or "")


GLOBALS = {"link_status_name": _name(LINK_STATUSES), "scope_name": _name(SCOPES), "payer_name": _name(PAYERS),
           "right_name": _name(RIGHTS), "elevation_status_name": _name(ELEVATION_STATUSES),
           "activity_action_name": _name(ACTIONS), "outcome_name": _name(OUTCOMES)}
for _global, _function in GLOBALS.items():
    bp.add_app_template_global(_function, _global)
