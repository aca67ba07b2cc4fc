"""PX5: the partner's branded invoices to its clients (its own number series), filtered by
client and month, paged, each with its PDF (with a Swiss QR-bill in CHF) served through the
portal with the person's own token."""
from flask import request, url_for

from ...apis import billing
from ...forms import Form
from ..billing.invoices import _pdf as pdf  # billing's PDFs served the same way
from . import bp
from .common import organization, render
from .money_common import clients, month


@bp.get("/partner/branded-invoices")
def branded_invoices():
    current, form = organization(), Form(request.args)
    chosen = dict(clients(current))
    client = form["client"] if form["client"] in chosen else None
    period = month(form["month"])
    page = billing.branded_invoices(current["id"], client=client, month=period, cursor=request.args.get("cursor"))
    invoices = [{**i, "client_name": i.get("client_name") or chosen.get(str(i.get("client_organization_id")), "")}
                for i in page["items"]]
    kept = {"client": client, "month": period}
    return render("branded_invoices.html", organization=current, form=form, clients=list(chosen.items()),
                  invoices=invoices, filtered=bool(client or period),
                  next_url=page.get("next_cursor") and url_for(".branded_invoices", **kept, cursor=page["next_cursor"]))


@bp.get("/partner/branded-invoices/<uuid:invoice_id>/pdf")
def branded_invoices_pdf(invoice_id):
    current = organization()
    invoice = billing.branded_invoice(current["id"], invoice_id)
    return pdf(billing.branded_invoice_pdf(current["id"], invoice_id), invoice.get("number") or str(invoice_id))
