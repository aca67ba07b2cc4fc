"""Support access (OR12): per content type, off by default, 7 days once given, revocable."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ...apis import orgs
from ...labels import GLOBALS
from . import bp
from .common import load, moment, render


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
    back = url_for(".support", organization_id=organization_id)
    content = GLOBALS["content_name"](content_type)
    if request.method == "POST" and request.form.get("confirmed") == "1":
        orgs.revoke_support_access(organization_id, content_type)
        flash(_("Support can no longer see %(content)s.", content=content), "success")
        return redirect(back, code=303)
    return render_template("portal/confirm.html", title=_("Revoke support access to %(content)s?", content=content),
                           message=_("Support stops seeing it at once. You can give access again later."),
                           action=request.path, button=_("Revoke access"), cancel=back)
