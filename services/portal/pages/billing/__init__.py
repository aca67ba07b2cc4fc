"""Billing (BI1-BI14) for the organization the person works in: products (renewal, automatic
renewal, warranty, cancellation), the cart and its order, invoices with their PDF and payment
(card through 3-D Secure, prepaid plus the rest), credit notes, the prepaid account, payment
profiles and billing addresses, through billing's person API (apis/billing.py)."""
from flask import Blueprint

from services.common.i18n import N_

from .rights import may_see_billing

bp = Blueprint("billing", __name__, template_folder="templates")
# Invoices and the prepaid account only for those with billing rights (BI13): billing answers
# 404 anyway; the navigation does not offer what would be refused.
NAV = [(40, "billing.products", N_("Products")), (50, "billing.invoices", N_("Invoices"), may_see_billing),
       (60, "billing.prepaid", N_("Prepaid"), may_see_billing)]

from . import addresses, invoices, labels, orders, payments, prepaid, products, profiles  # noqa: E402,F401  (routes)
