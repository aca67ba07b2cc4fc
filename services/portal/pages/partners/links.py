"""My partners (PA5, PA8, PX1): the organization's links, and one link with its terms to
change: the scope (the partner is mailed), who pays (the partner only with full access) and
the end date with automatic extension. Stopping is in stopping.py."""
from flask import flash, request
from flask_babel import gettext as _

from services.common.errors import DomainError

from ...apis import partner
from ...forms import Form
from . import bp, terms
from .common import fail, organization, render, to_link

OPEN = ("active", "pending")


@bp.get("/partners")
@bp.get("/partners/links")
def links():
    current = organization()
    everything = partner.client_links(current["id"])
    return render("links.html", organization=current, links=[l for l in everything if l["status"] in OPEN],
                  closed=[l for l in everything if l["status"] not in OPEN])


def link_page(link_id, status=200, **forms):
    """One link with its three forms (scope, payer, end), each showing what was typed when refused."""
    current = organization()
    link = partner.client_link(current["id"], link_id)
    defaults = terms.values(link)
    return render("link.html", status, organization=current, link=link,
                  products=terms.products(current["id"], link),
                  scope_form=forms.get("scope_form") or Form(defaults),
                  payer_form=forms.get("payer_form") or Form(defaults),
                  end_form=forms.get("end_form") or Form(defaults))


@bp.get("/partners/links/<uuid:link_id>")
def links_detail(link_id):
    return link_page(link_id)


def _change(link_id, name, build, call, done):
    """One of the link's forms: built from the form (None: refused here), sent, said."""
    current, form = organization(), Form(request.form)
    body = build(form, current)
    if body is not None and form.ok:
        try:
            call(current["id"], link_id, body)
        except DomainError as error:
            fail(form, error, terms.FIELDS)
        else:
            flash(done, "success")
            return to_link(link_id)
    return link_page(link_id, 422, **{name: form})


@bp.post("/partners/links/<uuid:link_id>/scope")
def links_scope(link_id):
    """PA5: the partner is mailed the new scope."""
    def build(form, current):
        link = partner.client_link(current["id"], link_id)
        return terms.scope(form, terms.products(current["id"], link))
    return _change(link_id, "scope_form", build, partner.change_scope,
                   _("The scope was changed; the partner is told by email."))


@bp.post("/partners/links/<uuid:link_id>/payer")
def links_payer(link_id):
    """PA8: the partner pays only with full access; the partner is mailed."""
    return _change(link_id, "payer_form", lambda form, _current: terms.payer(form), partner.change_payer,
                   _("Who pays was changed; the partner is told by email."))


@bp.post("/partners/links/<uuid:link_id>/end")
def links_end(link_id):
    """PX1: an end date from 1 day to 2 years ahead, or none; automatic extension by 180 days."""
    return _change(link_id, "end_form", lambda form, _current: terms.end(form),
                   lambda org, link, end: partner.change_end(org, link, *end), _("The end date was saved."))
