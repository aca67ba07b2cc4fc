"""Support access (OR12): per content type, off by default, 7 days once given, revocable."""
from flask import flash, redirect, url_for
from flask_babel import gettext as _

from ...apis import orgs
from ...labels import GLOBALS
from . import bp
from .common import confirm, load, moment, render


@bp.get("/organizations/<uuid:organization_id>/support")
def support(organization_id):
    grants = [{**g, "expires_at": moment(g.get("expires_at")), "granted_at": moment(g.get("granted_at"))}
              for g in orgs.support_access(organization_id)]
    return render("support.html", load(organization_id), grants=grants)


@bp.post("/organizations/<uuid:organization_id>/support/<any(mail, drive, chat):content_type>")
def support_grant(organization_id, content_type):
    orgs.grant_support_access(organization_id, content_type)
    flash(_("Support may see %(content)s for 7 days.", content=GLOBALS["content_name"](content_type)), "success")
    return redirect(url_for(".support", organization_id=organization_id), code=303)


@bp.route("/organizations/<uuid:organization_id>/support/<any(mail, drive, chat):content_type>/revoke",
          methods=["GET", "POST"])
def support_revoke(organization_id, content_type):
    content = GLOBALS["content_name"](content_type)
    return confirm(lambda: orgs.revoke_support_access(organization_id, content_type),
                   url_for(".support", organization_id=organization_id),
                   _("Revoke support access to %(content)s?", content=content),
                   _("Support stops seeing it at once. You can give access again later."), _("Revoke access"),
                   _("Support can no longer see %(content)s.", content=content))
