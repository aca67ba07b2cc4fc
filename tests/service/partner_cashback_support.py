"""Pieces of the cashback tests (PA11): partner's and billing's databases in-process, links and
Standing rows written directly (the threshold helper keeps Standing; here a fixture sets it),
billing's events built as billing sends them and handed to the consumers' handlers."""
import json
import uuid
from datetime import date, datetime, timezone

import pytest

from services.billing import app as billing_app, handlers as billing_handlers, migrations as billing_migrations
from services.billing.models import OutboxEvent as BillingOutbox, db as billing_db
from services.common import migrations
from services.common.events import load_payload
from services.partner import affiliates, cashback, handlers as partner_handlers
from services.partner import app as partner_app
from services.partner.events import CONSUMED as PARTNER_CONSUMED
from services.partner.migrations import STEPS
from services.partner.models import Link, OutboxEvent, Standing, db
from tests.conftest import service_config

CONFIG = {"RUN_LEASE_SECONDS": 60, "FAILPOINTS": "", "RUN_SCHEDULE_POLL_SECONDS": 0}


def standing(partner, status="eligible", volume_minor=500_000, currency="CHF"):
    Standing.delete().where(Standing.partner_organization_id == partner).execute()
    Standing.insert(partner_organization_id=partner, currency=currency, volume_minor=volume_minor, status=status,
                    benefits_active=status != "lapsed").execute()


def link(partner, client, scope="full", payer="client", products=None, approved_at=datetime(2027, 1, 1)):
    return Link.create(partner_organization_id=partner, client_organization_id=client, status="active",
                       initiated_by="partner", requested={}, scope=scope, payer=payer, requested_by=uuid.uuid4(),
                       products=products and {str(p): {"technical": True, "statistics": True} for p in products},
                       approved_at=approved_at)


def line(client, net_minor, kind="order", family="hosting", product=None, **facts):
    # As billing issues them: an order's line has no product yet (it starts when paid), only the
    # organization it will live in; a renewal's names its product.
    product_id = str(product) if product else (None if kind == "order" else str(uuid.uuid4()))
    return {"line_id": str(uuid.uuid4()), "kind": kind, "product_id": product_id,
            "product_organization_id": str(client), "product_type": "web-hosting", "family": family,
            "net_minor": net_minor, "vat_minor": 0, **facts}


def deliver(event_type, data, at=None):
    """What partner's consumer does with one of billing's events: its handler in one transaction."""
    envelope = {"id": str(uuid.uuid4()), "type": event_type,
                "occurred_at": (at or datetime(2027, 3, 15, tzinfo=timezone.utc)).isoformat(), "data": data}
    loaded = load_payload(PARTNER_CONSUMED, event_type, json.loads(json.dumps(data)))
    envelope["occurred_at"] = datetime.fromisoformat(envelope["occurred_at"])
    with db.atomic():
        partner_handlers.SUBSCRIPTIONS[event_type](loaded, envelope)


def issue(payer, lines, via_kind="membership", at=datetime(2027, 3, 10, 9, tzinfo=timezone.utc), **extra):
    invoice = {"invoice_id": str(uuid.uuid4()), "organization_id": str(payer), "number": "INV-2027-000001",
               "currency": "CHF", "net_minor": sum(l["net_minor"] for l in lines), "vat_minor": 0,
               "total_minor": sum(l["net_minor"] for l in lines), "issued_at": at.isoformat(),
               "due_on": date(2027, 4, 10).isoformat(), "order_id": None,
               "ordered_by": {"account_id": str(uuid.uuid4()) if via_kind else None, "via_kind": via_kind,
                              "via_id": None}, "lines": lines, **extra}
    deliver("billing.invoice.issued", invoice)
    return invoice


def pay(invoice, at=datetime(2027, 3, 20, 9, tzinfo=timezone.utc)):
    deliver("billing.invoice.paid", {"invoice_id": invoice["invoice_id"], "organization_id": invoice["organization_id"],
                                     "number": invoice["number"], "currency": "CHF",
                                     "total_minor": invoice["total_minor"], "paid_at": at.isoformat(),
                                     "methods": ["card"]}, at)


def credit(invoice, credited, at=datetime(2027, 3, 25, 9, tzinfo=timezone.utc), note=None):
    """A credit note of [(line, net_minor)] against `invoice`."""
    deliver("billing.credit_note.issued", {
        "credit_note_id": str(note or uuid.uuid4()), "invoice_id": invoice["invoice_id"],
        "organization_id": invoice["organization_id"], "number": "CN-1", "currency": "CHF", "vat_minor": 0,
        "net_minor": sum(n for _l, n in credited), "total_minor": sum(n for _l, n in credited),
        "lines": [{"invoice_line_id": l["line_id"], "product_id": l["product_id"], "net_minor": n, "vat_minor": 0}
                  for l, n in credited]}, at)


def events(kind, model=OutboxEvent):
    return [json.loads(e.envelope)["data"] for e in model.select().where(model.type == kind).order_by(model.seq)]


def to_billing(statement_event):
    """billing's consumer handling partner.cashback.statement_issued."""
    from services.billing.events import CONSUMED
    data = load_payload(CONSUMED, "partner.cashback.statement_issued", statement_event)
    with billing_db.atomic():
        billing_handlers.SUBSCRIPTIONS["partner.cashback.statement_issued"](data, {"id": str(uuid.uuid4())})


def back_to_partner():
    """partner's consumer handling every billing.prepaid.credited billing emitted."""
    for data in events("billing.prepaid.credited", BillingOutbox):
        deliver("billing.prepaid.credited", data)


def configure(config):
    cashback.configure(config)
    affiliates.configure(config)  # PA15: attribution.py runs beside cashback in the same handlers


@pytest.fixture
def systems(tmp_path, databases):
    """partner's and billing's databases, migrated, cashback and affiliates configured."""
    config = service_config(partner_app, tmp_path, databases, "partner")
    partner_db = migrations.bind_and_migrate(db, config, STEPS)
    billing = migrations.bind_and_migrate(billing_db, service_config(billing_app, tmp_path, databases, "billing"),
                                          billing_migrations.STEPS)
    configure(config)
    yield config
    partner_db.close()
    billing.close()
