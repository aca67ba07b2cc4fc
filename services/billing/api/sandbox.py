"""The payment sandbox's 3-D Secure page and its callback (BI7): what a card issuer's challenge
page and the provider's notification are in production, served by billing itself when
PAYMENT_PROVIDER=sandbox (app.py registers this blueprint only then, outside the API document:
it is the fake provider's page, not billing's API).

GET shows the amount and two buttons; the form posts `outcome=approve|fail` back, and billing
completes the payment (challenges.complete: a second post changes nothing).
"""
from html import escape

from flask import Blueprint, current_app, request

from services.common.web import accepts_form

from .. import challenges
from .payments import families

blp = Blueprint("payment_sandbox", __name__, url_prefix="/v1/payment-provider/sandbox")

PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sandbox 3-D Secure</title></head>
<body><main><h1>Sandbox 3-D Secure</h1><p>{message}</p>{form}</main></body></html>"""
FORM = """<form method="post"><p>Pay <strong>{amount} {currency}</strong> to the Partner Portal?</p>
<button name="outcome" value="approve">Approve</button> <button name="outcome" value="fail">Fail</button></form>"""
DONE = {"succeeded": "The payment succeeded.", "failed": "The payment failed.",
        "refunded": "The invoice was paid meanwhile: nothing was charged."}


def _page(message, form="", status=200):
    body = PAGE.format(message=escape(message), form=form)
    return current_app.response_class(body, status=status, mimetype="text/html")


@blp.route("/3ds/<reference>", methods=["GET"])
def challenge(reference):
    payment = challenges.waiting(reference)
    if payment.status != "requires_action":
        return _page(DONE.get(payment.status, f"The payment is {payment.status}."))
    amount = payment.amount
    return _page("Your bank asks you to confirm this payment (sandbox: nothing real is charged).",
                 FORM.format(amount=escape(str(amount.amount)), currency=escape(amount.currency)))


@blp.route("/3ds/<reference>", methods=["POST"])
@accepts_form
def callback(reference):
    outcome = request.form.get("outcome")
    if outcome not in ("approve", "fail"):
        return _page("Choose approve or fail.", status=422)
    payment = challenges.complete(reference, outcome, current_app.extensions["payment_provider"], families())
    return _page(DONE.get(payment.status, f"The payment is {payment.status}."))
