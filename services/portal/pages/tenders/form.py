"""The tender form shared by a visitor's and a client's pages (PA13): what was typed turned into
partner's shape, with the checks the page can make itself (amounts, the order of the budget);
partner checks the rest (lengths, codes, the deadline's 1..180 days) and its refusals come back
beside the same fields."""
from datetime import date, timedelta
from decimal import Decimal

from flask import request
from flask_babel import gettext as _

from services.common import clock

from ..billing.common import amount, amount_error, fresh_key
from .labels import family_options, language_options, region_groups, speciality_options

CURRENCIES = ("CHF", "EUR")
# partner's field names -> the form's (problems name the API's fields)
FIELDS = {"title": "title", "needs": "needs", "products": "products", "speciality": "speciality",
          "budget.min": "budget_min", "budget.max": "budget_max", "budget.currency": "currency", "budget": "budget_max",
          "region": "region", "language": "language", "deadline": "deadline", "email": "email", "name": "name"}
TEXTS = ("title", "needs", "speciality", "region", "language", "deadline", "currency", "budget_min", "budget_max",
         "email", "name", "idempotency_key")


def typed(form_class):
    """The form as typed (the products as a list), or a fresh one with today + 30 days."""
    if request.method != "POST":
        deadline = (clock.today() + timedelta(days=30)).isoformat()
        return form_class(deadline=deadline, currency="CHF", products=[], idempotency_key=fresh_key())
    values = {name: (request.form.get(name) or "").strip() for name in TEXTS}
    return form_class(values, products=request.form.getlist("products"))


def tender(form, visitor=False):
    """partner's body for the typed form, or None after marking what the page can tell is wrong."""
    currency = form["currency"] if form["currency"] in CURRENCIES else "CHF"
    budget = {}
    for bound in ("min", "max"):
        try:
            budget[bound] = amount(form[f"budget_{bound}"], currency)["amount"]
        except ValueError:
            form.error(f"budget_{bound}", amount_error())
    if len(budget) == 2 and Decimal(budget["min"]) > Decimal(budget["max"]):
        form.error("budget_max", _("The highest amount cannot be below the lowest."))
    if not form.get("products"):
        form.error("products", _("Choose at least one product."))
    try:
        date.fromisoformat(form["deadline"])
    except ValueError:
        form.error("deadline", _("Enter a date such as 2027-03-31."))
    if not form.ok:
        return None
    body = {"title": form["title"], "needs": form["needs"], "products": form["products"],
            "speciality": form["speciality"], "budget": {**budget, "currency": currency}, "region": form["region"],
            "language": form["language"], "deadline": form["deadline"]}
    if visitor:
        body.update(email=form["email"], name=form["name"])
    return body


def options():
    """What the form's lists offer, in the page's language."""
    return {"families": family_options(), "specialities": speciality_options(), "region_groups": region_groups(),
            "language_choices": language_options(), "currencies": [(code, code) for code in CURRENCIES]}
