"""`/affiliate` (PA15, PA3): the organization's dashboard once it joined (code, link, rate,
status, referrals, balance, paid total, earnings per month as an SVG chart drawn on the server
by the partner slice's charts.py, with a table saying the same), its referrals, commissions and
payouts (each list paged by its own cursor); else the invitation to join, for its legal
representative. Joining refused (PA3: a partner or an applicant) says why beside the button."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from services.common.errors import Conflict, DomainError, NotFound
from services.common.i18n import N_

from ...apis import affiliates
from ...forms import Form
from ..billing.common import fresh_key, key, organization
from ..organizations.common import confirm
from ..partner import charts
from ..partner.common import page_size
from . import bp

LISTS = ("referrals", "commissions", "payouts")
STATUSES = {"active": N_("active"), "ended": N_("ended")}
SOURCES = {"signup": N_("sign-up"), "order": N_("order")}
PAYOUT_STATUSES = {"issued": N_("issued"), "paid": N_("paid")}
KINDS = {"commission": N_("commission"), "reversal": N_("reversal")}


def _render(status=200, **values):
    return render_template("affiliate/index.html", statuses=STATUSES, sources=SOURCES, kinds=KINDS,
                           payout_statuses=PAYOUT_STATUSES, **values), status


@bp.get("/affiliate")
def index():
    current = organization()
    try:
        found = affiliates.affiliate(current["id"])
    except NotFound:
        return _render(organization=current, affiliate=None, form=Form(idempotency_key=fresh_key()))
    cursors = {name: request.args.get(name) or None for name in LISTS}
    lists = {name: getattr(affiliates, name)(current["id"], cursor=cursors[name], limit=page_size()) for name in LISTS}
    return _render(organization=current, affiliate=found, lists=lists, pages=_pages(cursors, lists),
                   chart=charts.cashback(found["months"]))


def _pages(cursors, lists):
    """Per list, the addresses of its first page (when not on it) and of its next one, the
    other lists staying on their pages."""
    def at(name, cursor):
        return url_for(".index", **{other: value for other, value in {**cursors, name: cursor}.items() if value})
    return {name: (at(name, None) if cursors[name] else None,
                   at(name, lists[name].get("next_cursor")) if lists[name].get("next_cursor") else None)
            for name in LISTS}


@bp.post("/affiliate/join")
def index_join():
    current, form = organization(), Form(request.form)
    try:
        affiliates.join(current["id"], key(form))
    except Conflict:  # joined already (a second click, another tab): the dashboard says so
        return redirect(url_for(".index"), code=303)
    except DomainError as error:
        form.fail(error)
        form.values["idempotency_key"] = fresh_key()
        return _render(422, organization=current, affiliate=None, form=form)
    flash(_("%(name)s joined the affiliate programme: share your link.", name=current["name"]), "success")
    return redirect(url_for(".index"), code=303)


@bp.route("/affiliate/leave", methods=["GET", "POST"])
def index_leave():
    current = organization()
    return confirm(lambda: affiliates.leave(current["id"]), url_for(".index"),
                   _("Leave the affiliate programme?"),
                   _("Your link stops bringing new referrals. Commissions already earned are still paid."),
                   _("Leave the programme"), _("%(name)s left the affiliate programme.", name=current["name"]))
