"""Deleting the account (DELETE /v1/me), refused while the person is the last legal
representative of an organization (OR7): the page names those organizations."""
from flask import flash, redirect, render_template, request
from flask_babel import gettext as _

from services.common.errors import DomainError, RuleViolation

from . import bp, problems
from ... import context, signin
from ...forms import Form
from ...apis import identity


def _page(form, blocking=(), status=200):
    return render_template("account/delete.html", form=form, blocking=blocking), status


@bp.route("/delete", methods=["GET", "POST"])
def delete():
    form = Form(request.form)
    if request.method == "GET" or request.form.get("confirmed") != "1":
        return _page(form)
    try:
        identity.delete_me(form["password"])
    except DomainError as error:
        blocking = ()
        if isinstance(error, RuleViolation) and error.extensions.get("rule") == "OR7":
            ids = set(error.extensions.get("organization_ids") or ())
            blocking = [o["name"] for o in context.organizations() if o["id"] in ids]
        return _page(problems.fail(form, error), blocking, 422)
    flash(_("Your account was deleted."), "success")
    return redirect(signin.sign_out(), code=303)  # its sessions ended: sign out of the portal too
