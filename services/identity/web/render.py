"""Rendering identity's pages: the template in the person's language, errors raised in English
by the use cases (marked with N_) translated here, and the answers every page shares."""
import logging

import peewee
from flask import Blueprint, make_response, render_template, request
from flask_babel import gettext
from werkzeug.exceptions import HTTPException

from services.common.errors import DomainError, Unavailable
from services.common.problems import domain_error_response, http_error_response
from services.common.i18n import N_

from .csrf import CsrfRefused

blp = Blueprint("render", __name__, template_folder="templates")
log = logging.getLogger(__name__)


def page(template, status=200, **context):
    response = make_response(render_template(template, **context), status)
    response.headers["Cache-Control"] = "no-store"
    return response


def translated(error):
    """A use case's error in the reader's language (a weak password lists its reasons)."""
    if isinstance(error, Unavailable):  # another service's wording, in English: ours instead
        return gettext(N_("This service is unavailable for a moment; try again shortly."))
    reasons = error.extensions.get("reasons") if isinstance(error, DomainError) else None
    if reasons:
        return " ".join([gettext("The password is too weak:"), *(gettext(reason) for reason in reasons)])
    return gettext(error.detail if isinstance(error, DomainError) else str(error))


@blp.app_errorhandler(CsrfRefused)
def csrf_refused(error):
    return page("form_expired.html", 403, back=request.path)


def page_errors(blueprint):
    """A browser on one of `blueprint`'s pages gets a page, never JSON, for an unexpected error;
    HTTP errors (405, 413, an over-long value) and use-case errors keep the app's answers."""

    @blueprint.errorhandler(Exception)
    def unexpected(error):
        if isinstance(error, (HTTPException, DomainError)):
            handler = domain_error_response if isinstance(error, DomainError) else http_error_response
            return handler(error)
        if isinstance(error, (peewee.OperationalError, peewee.InterfaceError)):
            log.warning("database unreachable: %s", error)
            response = page("error.html", 503, unavailable=True)
            response.headers["Retry-After"] = "5"
            return response
        log.exception("unexpected error")
        return page("error.html", 500, unavailable=False)
