"""Names of the services' codes (roles, kinds, content types) in the person's language."""
from flask_babel import gettext

from services.common.i18n import N_

ROLES = {"legal_representative": N_("legal representative"), "administrator": N_("administrator"),
         "collaborator": N_("collaborator")}
KINDS = {"individual": N_("Individual"), "company": N_("Company")}
SUPPORT_CONTENT = {"mail": N_("Mail"), "drive": N_("Drive"), "chat": N_("Chat")}
# The partner programme (PA1, PA4-PA10, PX1, PX3).
APPLICATION_STATUSES = {"pending": N_("pending review"), "approved": N_("approved"), "rejected": N_("rejected")}
LINK_STATUSES = {"pending": N_("waiting for the client"), "active": N_("active"), "declined": N_("declined"),
                 "withdrawn": N_("withdrawn"), "expired": N_("request expired"), "stopped": N_("stopped"),
                 "ended": N_("ended")}
SCOPES = {"limited": N_("limited access"), "full": N_("full access")}
RIGHTS = {"technical": N_("technical"), "statistics": N_("statistics")}
PAYERS = {"client": N_("the client pays"), "partner": N_("the partner pays")}
ELEVATION_STATUSES = {"pending": N_("waiting for the client"), "approved": N_("approved"),
                      "declined": N_("declined by the client"), "expired": N_("expired")}


def _name(table):
    return lambda code: gettext(table[code]) if code in table else (code or "")


GLOBALS = {"role_name": _name(ROLES), "kind_name": _name(KINDS), "content_name": _name(SUPPORT_CONTENT),
           "application_status_name": _name(APPLICATION_STATUSES), "link_status_name": _name(LINK_STATUSES),
           "scope_name": _name(SCOPES), "right_name": _name(RIGHTS), "payer_name": _name(PAYERS),
           "elevation_status_name": _name(ELEVATION_STATUSES)}
