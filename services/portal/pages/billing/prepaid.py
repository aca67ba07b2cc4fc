"""The prepaid account (BI8): its balance and ledger, a deposit (0.10 to 9,999.00) paid with a
payment profile, and a withdrawal to an IBAN after a confirmation."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from services.common.errors import DomainError, RuleViolation

from ...apis import billing
from ...forms import Form
from . import bp
from .common import amount, amount_error, fresh_key, key, organization, render
from .payments import pay_or_confirm

AMOUNT_FIELDS = {"amount.amount": "amount", "amount": "amount", "profile_id": "profile_id", "iban": "iban"}


def _page(form=None, status=200):
    current = organization()
    profiles = billing.payment_profiles(current["id"])
    default = next((p["id"] for p in profiles if p.get("is_default")), "")
    account = billing.prepaid(current["id"])
    return render("prepaid.html", status, organization=current, account=account,
                  ledger=account.get("items") or account.get("entries") or account.get("ledger") or [],
                  profiles=profiles, form=form or Form(profile_id=default, idempotency_key=fresh_key()))


@bp.get("/billing/prepaid")
def prepaid():
    return _page()


@bp.post("/billing/prepaid/deposit")
def prepaid_deposit():
    current, form = organization(), Form(request.form)
    try:
        money = amount(form["amount"], current["currency"])
    except ValueError:
        return _page(form.error("amount", amount_error()), 422)
    try:
        answer = billing.deposit(current["id"], money, form["profile_id"] or None, key(form))
    except DomainError as error:
        form.fail(error, fields=AMOUNT_FIELDS)
        if isinstance(error, RuleViolation) and error.extensions.get("rule") == "BI8":
            form.errors.setdefault("amount", _("From 0.10 to 9,999.00 per deposit."))  # beside the field too
        return _page(form, 422)
    if answer.get("status") in ("requires_action", "failed"):
        return pay_or_confirm(answer, url_for(".prepaid"))
    flash(_("The deposit was credited to the prepaid account."), "success")
    return redirect(url_for(".prepaid"), code=303)


@bp.route("/billing/prepaid/withdrawal", methods=["GET", "POST"])
def prepaid_withdraw():
    """The form, then its confirmation page (the same values), then the withdrawal."""
    current = organization()
    form = Form(request.form or None, idempotency_key=fresh_key())
    if request.method == "POST":
        try:
            money = amount(form["amount"], current["currency"])
        except ValueError:
            form.error("amount", amount_error())
        else:
            if request.form.get("confirmed") != "1":
                return render_template("portal/confirm.html", title=_("Withdraw %(amount)s?", amount=form["amount"]),
                                       message=_("%(amount)s %(currency)s leave the prepaid account for %(iban)s.",
                                                 amount=form["amount"], currency=current["currency"],
                                                 iban=form["iban"]),
                                       action=request.path, button=_("Withdraw"), cancel=url_for(".prepaid"),
                                       fields={k: form[k] for k in ("amount", "iban", "idempotency_key")})
            try:
                billing.withdraw(current["id"], money, form["iban"].strip(), key(form))
            except DomainError as error:
                form.fail(error, fields=AMOUNT_FIELDS)
            else:
                flash(_("The withdrawal was ordered."), "success")
                return redirect(url_for(".prepaid"), code=303)
    return render("withdraw.html", 200 if form.ok else 422, organization=current, form=form)
