"""What every page of the slice shares: the organization of the URL with the person's role,
the sub-navigation, names of codes, and refusals turned into sentences."""
from datetime import datetime

from flask import flash, g, redirect, render_template, request, session
from flask_babel import gettext

from services.common.errors import Forbidden
from services.common.i18n import N_

from ... import rules
from ...apis import orgs
from . import bp

MANAGERS = ("legal_representative", "administrator")
# (endpoint, label, who sees it): the API decides anyway; this only hides what would be refused.
SUBNAV = [("organizations.details", N_("Details"), None), ("organizations.members", N_("Members"), None),
          ("organizations.invitations", N_("Invitations"), MANAGERS), ("organizations.teams", N_("Teams"), None),
          ("organizations.support", N_("Support access"), MANAGERS), ("organizations.audit", N_("Audit log"), MANAGERS),
          ("organizations.delete", N_("Delete"), ("legal_representative",))]
CONTACTS = {"billing": N_("Billing"), "technical": N_("Technical"), "legal": N_("Legal")}
STATUSES = {"pending": N_("pending"), "expired": N_("expired"), "accepted": N_("accepted"),
            "declined": N_("declined"), "withdrawn": N_("withdrawn")}


def load(organization_id):
    """The organization (with `my_role`); orgs refuses one the person does not belong to."""
    return orgs.organization(organization_id)


def render(template, organization, status=200, **values):
    return render_template(f"organizations/{template}", organization=organization,
                           manager=organization.get("my_role") in MANAGERS, **values), status


def fail(form, error, fields=None):
    """form.fail, and a refusal naming its rule (OR10, OR12...) says the rule's sentence."""
    form.fail(error, fields)
    for name in [n for n in form.errors if n.rsplit(".", 1)[-1].isdigit()]:  # "product_ids.2": the list's field
        form.errors.setdefault(name.rsplit(".", 1)[0], form.errors.pop(name))
    if isinstance(error, Forbidden) and error.extensions.get("rule"):
        form.message = rules.sentence(error.extensions["rule"], gettext)
    return form


def confirm(perform, cancel, title, message, button, done, then=None):
    """A destructive action: its confirmation page; only a POST with confirmed=1 performs it,
    then says `done` and goes to `then` (else back to `cancel`)."""
    if request.method == "POST" and request.form.get("confirmed") == "1":
        perform()
        flash(done, "success")
        return redirect(then or cancel, code=303)
    return render_template("portal/confirm.html", title=title, message=message, action=request.path, button=button,
                           cancel=cancel)


def refresh_organizations():
    """After creating, joining, leaving or deleting: the switcher's list is read again."""
    g.pop("organizations", None)


def forget_current(organization_id):
    if session.get("organization_id") == organization_id:
        session.pop("organization_id", None)
    refresh_organizations()


def member_name(member):
    """The name orgs gives (branch p9-orgs), else the email, else the account id."""
    full = " ".join(filter(None, (member.get("first_name"), member.get("last_name"))))
    return member.get("name") or full or member.get("email") or str(member.get("account_id", ""))


def moment(value):
    return datetime.fromisoformat(value) if value else None


def product_ids(text):
    return [line.strip() for line in (text or "").replace(",", "\n").splitlines() if line.strip()]


@bp.app_template_global()
def organization_subnav(organization):
    role = organization.get("my_role")
    return [(endpoint, label) for endpoint, label, who in SUBNAV if who is None or role in who]


@bp.app_template_global()
def contact_name(code):
    return gettext(CONTACTS[code]) if code in CONTACTS else code


@bp.app_template_global()
def invitation_status_name(code):
    return gettext(STATUSES[code]) if code in STATUSES else code


bp.add_app_template_global(member_name, "member_name")
