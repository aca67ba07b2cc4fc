"""The partner programme, partner side (PA1, PA3, PA4, PA7, PA10, PX1, PX3): the application
and its status, the clients list with search, status filter and paging, inviting an existing
client or creating a new one, a client's detail (scope, products in scope with their warranty
and automatic renewal switched by the partner's staff (PA6), staff assignments, stopping in two
steps with the password), and the person's elevation requests; the partner's own business
(PA9, PX5): clients' billing data as CSV, rebilling (branding, markup rules), branded invoices
and the margin report. Through partner's API (apis/partner.py), billing's products and partner
API and orgs' elevations, all with the person's own token: the services decide, the pages only
leave out what would be refused."""
from flask import Blueprint

from services.common.i18n import N_

bp = Blueprint("partner", __name__, template_folder="templates")


def may_be_partner(layout):
    """The navigation's test: companies only (PA1 refuses individuals); partner decides the rest."""
    return ((layout.get("current_organization") or {}).get("kind")) == "company"


NAV = [(70, "partner.index", N_("Partner programme"), may_be_partner)]

from . import application, assignments, client_products, clients, elevations, invite, stopping  # noqa: E402,F401  (routes)
from . import cashback, dashboard, webhooks  # noqa: E402,F401  (routes: partner money, issue 12)
from . import branded_invoices, exports, margins, rebilling  # noqa: E402,F401  (PA9, PX5)
from . import profile  # noqa: E402,F401  (routes: the directory profile, PA12)
