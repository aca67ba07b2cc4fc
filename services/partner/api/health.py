"""PX4: the partner's health for its dashboard, `partner.manage` (its administrators and legal
representatives) or the provider's staff (scope `staff`) reading."""
from flask import g
from flask.views import MethodView

from services.common.auth import auth_requirement, current_token, user_check
from services.common.web import Blueprint

from .. import health
from ..schemas_health import HealthOut
from .people import PERSON_SCOPE, STAFF_SCOPE, account_id, extension

blp = Blueprint("partner_health", __name__, url_prefix="/v1/partners/<uuid:partner_organization_id>",
                description="PX4: a partner's health at a glance (threshold, forecast, links ending, renewals, "
                            "unpaid invoices, cashback).")
READERS = [{"bearer": [PERSON_SCOPE]}, {"bearer": [STAFF_SCOPE]}]


def _scopes():
    return (g.token.get("scope") or "").split()


def partner_or_staff():
    """A person's token with scope `partner` (orgs' access check decides next) or `staff`."""
    def check():
        scopes = (current_token().get("scope") or "").split()
        user_check(STAFF_SCOPE if STAFF_SCOPE in scopes else PERSON_SCOPE)()
    return auth_requirement(check)


def may_read(partner_organization_id):
    if STAFF_SCOPE not in _scopes():
        extension("access_client").require(account_id(), "partner.manage", partner_organization_id)


@blp.route("/health")
class Health(MethodView):
    decorators = [partner_or_staff()]

    @blp.response(200, HealthOut)
    @blp.doc(security=READERS)
    def get(self, partner_organization_id):
        """PX4: threshold progress and status (grace clock), a 12-month forecast from the renewals due,
        links ending within 30 days, clients' renewals within 30 days, unpaid invoices, cashback per month
        (12 months) and the cashback due."""
        may_read(partner_organization_id)
        return health.health(partner_organization_id)
