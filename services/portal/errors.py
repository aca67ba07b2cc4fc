"""What a person sees when something fails: a clear page in their language, never a stack
trace. A service that is down gives a page offering to try again; an ended session signs in
again; a missing or forbidden page says so."""
import logging

from flask import render_template, request, session, url_for
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException
from werkzeug.utils import redirect

from services.common.errors import DomainError, Forbidden, NotFound, Unauthorized, Unavailable
from services.common.problems import http_error_response

from . import signin
from .forms import Form

log = logging.getLogger(__name__)
OPS_PATHS = ("/healthz", "/readyz", "/metrics", "/openapi.json")


def _page(title, message, status, retry=None, link=None):
    return render_template("portal/message.html", title=title, message=message, retry=retry, link=link), status


def _back():
    return request.url if request.method == "GET" else (request.referrer or url_for("home.index"))


def sign_in_again(_error=None):
    signin.forget()
    next_path = request.full_path.rstrip("?") if request.method == "GET" else "/"
    return redirect(url_for("signin.sign_in", next=next_path), code=303)


def unavailable(error):
    log.warning("a service is unavailable", extra={"path": request.path, "detail": getattr(error, "detail", "")})
    return _page(_("A service is not answering"),
                 _("Part of the portal is not answering right now. Nothing was lost; please try again in a moment."),
                 503, retry=_back())


def not_found(_error):
    return _page(_("Not found"), _("This page does not exist, or you may not see it."), 404,
                 link=(url_for("home.index"), _("Go to the home page")))


def forbidden(_error):
    return _page(_("Not allowed"), _("You do not have the rights to see this page."), 403,
                 link=(url_for("home.index"), _("Go to the home page")))


def http_error(error):
    if request.path in OPS_PATHS:  # the health and metrics endpoints answer problems, as every service's do
        return http_error_response(error)
    if error.code == 404:
        return not_found(error)
    if error.code == 400 and error.description == "csrf":
        session.pop("csrf", None)
        return _page(_("The form expired"), _("The form expired or did not come from this site. Go back, reload "
                                               "the page and send it again."), 400, link=(_back(), _("Back")))
    if error.code == 405:  # RFC 9110 15.5.6: say which methods the page takes
        body, status = _page(_("Not found"), _("This page does not exist, or you may not see it."), 405)
        return body, status, {"Allow": ", ".join(sorted(error.valid_methods or ()))}
    return _page(_("Something went wrong"), _("The request could not be handled."), error.code or 500)


def refused(error):
    """A service's refusal that the page did not handle next to a form: its sentence on a page."""
    return _page(_("This could not be done"), Form().fail(error).message, 422, link=(_back(), _("Back")))


def unexpected(error):
    log.exception("unexpected error on a page", exc_info=error)
    return _page(_("Something went wrong"), _("Something went wrong on our side. Nothing was changed; please try "
                                              "again."), 500, retry=_back())


def register(app):
    app.register_error_handler(signin.SignInAgain, sign_in_again)
    app.register_error_handler(Unauthorized, sign_in_again)
    app.register_error_handler(Unavailable, unavailable)
    app.register_error_handler(NotFound, not_found)
    app.register_error_handler(Forbidden, forbidden)
    app.register_error_handler(DomainError, refused)
    app.register_error_handler(HTTPException, http_error)
    app.register_error_handler(Exception, unexpected)
