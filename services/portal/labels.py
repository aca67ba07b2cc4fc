"""Names of the services' codes (roles, kinds, content types) in the person's language."""
from flask_babel import gettext

from services.common.i18n import N_

ROLES = {"legal_representative": N_("legal representative"), "administrator": N_("administrator"),
         "collaborator": N_("collaborator")}
KINDS = {"individual": N_("Individual"), "company": N_("Company")}
SUPPORT_CONTENT = {"mail": N_("Mail"), "drive": N_("Drive"), "chat": N_("Chat")}


def _name(table):
    return lambda code: gettext(table[code]) if code in table else (code or "")


GLOBALS = {"role_name": _name(ROLES), "kind_name": _name(KINDS), "content_name": _name(SUPPORT_CONTENT)}
