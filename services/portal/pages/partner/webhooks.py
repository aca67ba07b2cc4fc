"""PX6: the partner's webhook subscriptions: the list and the form adding one (an https address
and the event kinds; the signing secret is shown once, on the page answering the form), one
subscription with its delivery log (paged), replaying a delivery, pausing or resuming it,
removing it after a confirmation. Partner decides (the address check against server-side
request forgery included): a refusal is shown next to the form."""
from flask import flash, redirect, request, url_for
from flask_babel import gettext as _

from services.common.errors import DomainError
from services.common.i18n import N_

from ...apis import partner
from ...forms import Form
from . import bp
from .common import confirm, fail, fresh_key, key, organization, page_size, render

EVENTS = {"link.approved": N_("a client approved a link"), "link.scope_changed": N_("a client changed the access"),
          "link.ending": N_("a link ends soon"), "threshold.changed": N_("the threshold status changed"),
          "cashback.credited": N_("cashback was credited"),
          "branded_invoice.issued": N_("a branded invoice was issued")}
DELIVERY_STATUSES = {"pending": N_("waiting for a retry"), "delivered": N_("delivered"), "failed": N_("failed")}
FIELDS = {"url": "url", "events": "events", "description": "description"}


def _list_page(form, status=200, created=None):
    current = organization()
    return render("webhooks.html", status, organization=current, subscriptions=partner.webhooks(current["id"]),
                  form=form, events=EVENTS, created=created)


@bp.get("/partner/webhooks")
def webhooks():
    return _list_page(Form(idempotency_key=fresh_key()))


@bp.post("/partner/webhooks")
def webhooks_add():
    form = Form(request.form)
    chosen = [kind for kind in request.form.getlist("events") if kind in EVENTS]
    form.values["events"] = chosen
    if not form["url"].strip():
        form.error("url", _("Enter the https address that receives the events."))
    if not chosen:
        form.error("events", _("Choose at least one event."))
    if not form.ok:
        return _list_page(form, 422)
    try:
        created = partner.create_webhook(organization()["id"], {
            "url": form["url"].strip(), "events": chosen, "description": form["description"].strip()}, key(form))
    except DomainError as error:
        fail(form, error, FIELDS)
        if error.extensions.get("field") in FIELDS:  # PX6 names the field it refuses (the address)
            form.errors.setdefault(FIELDS[error.extensions["field"]], _("This address cannot receive webhooks."))
        return _list_page(form, 422)
    # The secret is shown on this answer only: never put in the session or a redirect.
    return _list_page(Form(idempotency_key=fresh_key()), 201, created=created)


@bp.get("/partner/webhooks/<uuid:webhook_id>")
def webhooks_detail(webhook_id):
    current = organization()
    subscription = partner.webhook(current["id"], webhook_id)
    cursor = request.args.get("cursor") or None
    page = partner.deliveries(current["id"], webhook_id, cursor=cursor, limit=page_size())
    return render("webhook.html", organization=current, subscription=subscription, deliveries=page["items"],
                  next_cursor=page.get("next_cursor"), paged=bool(cursor), events=EVENTS,
                  delivery_statuses=DELIVERY_STATUSES)


@bp.post("/partner/webhooks/<uuid:webhook_id>/deliveries/<uuid:delivery_id>/replay")
def webhooks_replay(webhook_id, delivery_id):
    partner.replay(organization()["id"], webhook_id, delivery_id)
    flash(_("The delivery is sent again; its new attempt appears in the log."), "success")
    return redirect(url_for(".webhooks_detail", webhook_id=webhook_id), code=303)


@bp.post("/partner/webhooks/<uuid:webhook_id>/active")
def webhooks_active(webhook_id):
    active = request.form.get("active") == "1"
    partner.update_webhook(organization()["id"], webhook_id, {"active": active})
    flash(_("The subscription receives events again.") if active else
          _("The subscription is paused: no events are sent to it."), "success")
    return redirect(url_for(".webhooks_detail", webhook_id=webhook_id), code=303)


@bp.route("/partner/webhooks/<uuid:webhook_id>/removal", methods=["GET", "POST"])
def webhooks_remove(webhook_id):
    current = organization()
    subscription = partner.webhook(current["id"], webhook_id)
    return confirm(lambda: partner.delete_webhook(current["id"], webhook_id),
                   url_for(".webhooks_detail", webhook_id=webhook_id),
                   _("Remove the subscription of %(url)s?", url=subscription["url"]),
                   _("No more events are sent to this address. Its delivery log is removed with it."),
                   _("Remove the subscription"), _("The subscription was removed."), url_for(".webhooks"))
