"""Calls for tenders (PA13): a visitor's public form, its verification link and the poster's
page (answers, accept, withdraw) reached by the mailed key kept in the session; a client
organization's tenders; a partner's inbox, answer form and award confirmation (the link request,
only with the provider's products); staff's moderation. Through partner's API (apis/tenders.py):
partner decides who sees what, the pages leave out what would be refused."""
from flask import Blueprint

from services.common.i18n import N_

from ..partner import may_be_partner
from ..partners.common import may_manage
from ..staff.scopes import has_staff_scope

bp = Blueprint("tenders", __name__, template_folder="templates")
NAV = [(72, "tenders.inbox", N_("Tender inbox"), may_be_partner),
       (76, "tenders.mine", N_("Calls for tenders"), may_manage),
       (92, "tenders.staff", N_("Tenders to moderate"), lambda layout: has_staff_scope())]

from . import labels, public, organization, inbox, staff  # noqa: E402,F401  (routes)
