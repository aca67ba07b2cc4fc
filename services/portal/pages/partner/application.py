"""PA1, PA3: the programme's page: the partner's status once approved, else the latest
application (pending, approved, rejected with staff's reason; manual review; the website
check) and, for a legal representative, the form to apply (again after a rejection)."""
from babel import Locale
from flask import flash, redirect, request, url_for
from flask_babel import gettext as _

from services.common.errors import DomainError
from services.common.web_pages import current_language

from ...apis import partner
from ...forms import Form
from . import bp
from .common import fresh_key, key, optional, organization, render

CONDITIONS_VERSION = "2025-01"  # the reseller conditions the form shows and the applicant accepts
FIRST_COUNTRIES = ("CH", "FR")  # the registers checked automatically (UID, SIRET)
FIELDS = {"legal_name": "legal_name", "register_country": "register_country", "register_number": "register_number",
          "website": "website", "accept_conditions": "accept_conditions", "conditions_version": "accept_conditions"}


def countries():
    """ISO 3166 alpha-2 codes with their names in the person's language, Switzerland and France first."""
    names = Locale.parse(current_language()).territories
    others = sorted((code for code in names if len(code) == 2 and code.isalpha() and code not in FIRST_COUNTRIES
                     and code not in ("ZZ", "EU", "EZ", "UN", "QO", "XA", "XB", "XK")), key=lambda c: names[c])
    return [(code, names[code]) for code in (*FIRST_COUNTRIES, *others)]


def _page(form, status=200):
    current = organization()
    return render("index.html", status, organization=current, form=form, countries=countries(),
                  conditions_version=CONDITIONS_VERSION,
                  partner_status=optional(partner.partner_status, current["id"]),
                  application=optional(partner.application, current["id"]))


@bp.get("/partner")
def index():
    return _page(Form(idempotency_key=fresh_key(), register_country="CH"))


@bp.post("/partner/application")
def index_apply():
    form = Form(request.form)
    current = organization()
    application = {"legal_name": form["legal_name"].strip(), "register_country": form["register_country"],
                   "register_number": form["register_number"].strip(), "website": form["website"].strip(),
                   "conditions_version": CONDITIONS_VERSION, "accept_conditions": form.get("accept_conditions") == "1"}
    if not application["accept_conditions"]:
        return _page(form.error("accept_conditions", _("Accept the reseller conditions to apply.")), 422)
    try:
        partner.apply(current["id"], application, key(form))
    except DomainError as error:
        return _page(form.fail(error, fields=FIELDS), 422)
    flash(_("Your application was sent. Staff will review it; you will be told by email."), "success")
    return redirect(url_for(".index"), code=303)
