"""A visitor's call for tenders, without an account (PA13): the form, the mailed verification
link that publishes it, and the poster's page opened by the mailed key. The key is kept in the
session (never left in the address bar) for the tenders this browser posted."""
from flask import abort, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from services.common.client import TooManyRequests
from services.common.errors import Conflict, DomainError, NotFound, RuleViolation

from ...apis import tenders
from ...forms import Form
from ..organizations.common import confirm, fail
from . import bp
from .common import poster_page, render_form, too_many, visitor_ip
from .form import FIELDS, tender, typed

PUBLIC = {"tenders.new", "tenders.sent", "tenders.verify", "tenders.poster", "tenders.poster_accept",
          "tenders.poster_withdraw"}
KEYS_KEPT = 5  # the cookie stays small: the last five tenders' keys


@bp.record_once
def _public(state):
    state.app.config.setdefault("PUBLIC_ENDPOINTS", set()).update(PUBLIC)


@bp.route("/tenders/new", methods=["GET", "POST"])
def new():
    form = typed(Form)
    if request.method == "POST":
        body = tender(form, visitor=True)
        if body is not None:
            try:
                tenders.post_visitor_tender(body, visitor_ip())
            except TooManyRequests:
                too_many(form)
            except DomainError as error:
                fail(form, error, FIELDS)
            else:
                session["tender_email"] = form["email"]
                return redirect(url_for(".sent"), code=303)
    return render_form("new.html", form, 200 if form.ok else 422)


@bp.get("/tenders/sent")
def sent():
    return render_template("portal/message.html", title=_("Check your mailbox"),
                           message=_("We mailed a link to %(email)s. Open it within 48 hours to publish your call "
                                     "for tenders.", email=session.get("tender_email", "")))


@bp.get("/tenders/verify/<string(maxlength=200):token>")
def verify(token):
    try:
        verified = tenders.verify(token, visitor_ip())
    except TooManyRequests:
        return render_template("portal/message.html", title=_("Too many attempts"),
                               message=_("Please try again tomorrow.")), 429
    except Conflict:  # opened twice (a mail scanner, a second click): it is published already
        return render_template("portal/message.html", title=_("Your call for tenders is published"),
                               message=_("It was published already. Read the answers with the private link we "
                                         "mailed you."))
    except (NotFound, RuleViolation):  # unknown, used, or older than 48 hours (PA13)
        return render_template("portal/message.html", title=_("This link is not valid"),
                               message=_("The link is unknown, was already used or is older than 48 hours. Post "
                                         "your call for tenders again."),
                               link=(url_for(".new"), _("Post a call for tenders"))), 404
    if verified.get("key"):  # returned once, as mailed: this browser reads the answers without the mail
        _keep(str(verified["id"]), verified["key"])
    return render_template("portal/message.html", title=_("Your call for tenders is published"),
                           message=_("Matching partners receive it now. We mailed you a private link to read their "
                                     "answers; keep it."),
                           link=(url_for(".poster", tender_id=verified["id"]), _("See your call for tenders")))


def _keep(tender_id, key):
    keys = {k: v for k, v in session.get("tender_keys", {}).items() if k != tender_id}
    session["tender_keys"] = dict(list(keys.items())[-(KEYS_KEPT - 1):] + [(tender_id, key)])


def _key(tender_id):
    found = session.get("tender_keys", {}).get(str(tender_id))
    if not found:
        abort(404)
    return found


@bp.get("/tenders/<uuid:tender_id>")
def poster(tender_id):
    given = request.args.get("key", "")[:200]
    if given:  # from the mail: kept in the session, then out of the address bar
        _keep(str(tender_id), given)
        return redirect(url_for(".poster", tender_id=tender_id), code=303)
    found = tenders.visitor_tender(tender_id, _key(tender_id))
    return poster_page(found, lambda answer_id: url_for(".poster_accept", tender_id=tender_id, answer_id=answer_id),
                       url_for(".poster_withdraw", tender_id=tender_id))


@bp.route("/tenders/<uuid:tender_id>/answers/<uuid:answer_id>/accept", methods=["GET", "POST"])
def poster_accept(tender_id, answer_id):
    key = _key(tender_id)
    found = tenders.visitor_tender(tender_id, key)
    return accept(found, answer_id, lambda: tenders.visitor_accept(tender_id, key, str(answer_id)),
                  url_for(".poster", tender_id=tender_id))


@bp.route("/tenders/<uuid:tender_id>/withdraw", methods=["GET", "POST"])
def poster_withdraw(tender_id):
    key = _key(tender_id)
    found = tenders.visitor_tender(tender_id, key)
    return withdraw(found, lambda: tenders.visitor_withdraw(tender_id, key), url_for(".poster", tender_id=tender_id))


def accept(found, answer_id, perform, back):
    """Accepting one answer (once): the partner gets a pre-filled link request; the others are told."""
    chosen = next((a for a in found.get("answers") or [] if a.get("id") == str(answer_id)), None)
    if chosen is None:
        abort(404)
    return confirm(perform, back, _("Accept the answer of %(partner)s?", partner=chosen.get("partner_name", "")),
                   _("%(partner)s receives a request to manage the products concerned, which it confirms; the other "
                     "partners are told that the call for tenders was awarded. This cannot be undone.",
                     partner=chosen.get("partner_name", "")),
                   _("Accept this answer"), _("You accepted the answer of %(partner)s.",
                                               partner=chosen.get("partner_name", "")))


def withdraw(found, perform, back):
    return confirm(perform, back, _("Withdraw “%(title)s”?", title=found.get("title", "")),
                   _("Partners can no longer answer it. This cannot be undone."), _("Withdraw the call for tenders"),
                   _("The call for tenders was withdrawn."))
