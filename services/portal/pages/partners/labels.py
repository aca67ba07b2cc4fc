"""Names of the activity feed's codes (PX2) in the person's language; the partner programme's
other codes (link statuses, scopes, rights, payers, elevations) are the portal's (labels.py)."""
from flask_babel import gettext

from services.common.i18n import N_

from . import bp

ACTIONS = {"organization.read": N_("Read the organization"), "product.read": N_("Read a product"),
           "product.manage": N_("Manage a product"), "billing.read": N_("Read the billing"),
           "billing.manage": N_("Manage the billing"), "members.manage": N_("Manage members"),
           "organization.update": N_("Change the organization's details")}
OUTCOMES = {"allowed": N_("allowed"), "denied": N_("refused")}


def _name(table):
    return lambda code: gettext(table[code]) if code in table else (code or "")


bp.add_app_template_global(_name(ACTIONS), "activity_action_name")
bp.add_app_template_global(_name(OUTCOMES), "outcome_name")
