"""PA2, as a property: whatever order billing's product events and partner's link events arrive
in (late, repeated, scopes changing, links stopping), the incrementally kept figure equals a full
recomputation from the facts, row for row. The events go through services.common.consumer's
`apply` as the worker applies them, on partner's real database (SQLite or PostgreSQL)."""
import json
import uuid
from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.billing.events import PRODUCED as BILLING_PRODUCED
from services.common import clock
from services.common.consumer import Consumer
from services.common.events import EnvelopeSchema, make_envelope
from services.partner import app as partner_app
from services.partner import models, volume
from services.partner.events import CONSUMED
from services.partner.events import PRODUCED as PARTNER_PRODUCED
from services.partner.handlers import SUBSCRIPTIONS
from tests.conftest import service_config

PARTNERS = [str(uuid.UUID(int=i + 1)) for i in range(2)]
CLIENTS = [str(uuid.UUID(int=100 + i)) for i in range(2)]
PRODUCTS = [str(uuid.UUID(int=1000 + i)) for i in range(4)]
T0 = datetime(2026, 6, 1, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def consumer(tmp_path_factory):
    from tests.conftest import Databases
    tmp = tmp_path_factory.mktemp("volume")
    databases = Databases(tmp)
    config = service_config(partner_app, tmp, databases, "partner")
    database = partner_app.init_database(config)
    partner_app.load_ratecard(config, None)  # the volumes stay below the threshold: no mail to ask for
    with database.atomic():
        for partner, currency in zip(PARTNERS, ("CHF", "EUR")):
            models.Partner.create(organization_id=partner, name=f"P {partner[-1]}", currency=currency,
                                  contact_emails=[])
    yield Consumer(config, database, models.ProcessedEvent, SUBSCRIPTIONS, CONSUMED)
    database.close()
    databases.drop_all()


def product_event(product, client, status, price, months, currency, seconds):
    kind = {"active": "ordered", "suspended": "suspended", "cancelled": "cancelled"}[status]
    data = {"product_id": product, "organization_id": client, "billed_organization_id": client,
            "product_type": "web_hosting", "family": "hosting", "status": status, "started_on": date(2026, 1, 1),
            "expires_on": date(2027, 1, 1), "period_months": months, "units": 1, "price_minor": price,
            "currency": currency}
    if kind == "ordered":
        data.update(periods=1, period_start=date(2026, 1, 1), period_end=date(2027, 1, 1), net_minor=price,
                    invoice_id=str(uuid.uuid4()), ordered_by={"account_id": None})
    else:
        data["reason"] = "test"
    envelope = make_envelope(f"billing.product.{kind}", "billing", data, produced=BILLING_PRODUCED)
    envelope["occurred_at"] = (T0 + timedelta(seconds=seconds)).isoformat()
    return envelope


def link_event(index, version, status, scope, listed):
    """Link `index` always joins the same partner and client, as a real link does."""
    link, partner, client = str(uuid.UUID(int=5000 + index)), PARTNERS[index % 2], CLIENTS[index // 2]
    products = {p: {"technical": True, "statistics": False} for p in listed} if scope == "limited" else None
    state = {"link_id": link, "version": version, "partner_organization_id": partner,
             "client_organization_id": client, "status": status, "scope": scope, "products": products,
             "billing": False, "payer": "client", "ends_at": None, "auto_extend": False}
    return make_envelope(f"partner.link.{'approved' if status == 'active' else 'stopped'}", "partner", state,
                         produced=PARTNER_PRODUCED)


products = st.builds(product_event, st.sampled_from(PRODUCTS), st.sampled_from(CLIENTS),
                     st.sampled_from(["active", "active", "suspended", "cancelled"]), st.integers(0, 2000),  # 4 products stay below the thresholds
                     st.sampled_from([1, 6, 12, 24]), st.sampled_from(["CHF", "EUR"]), st.integers(0, 50))
links = st.builds(link_event, st.integers(0, 3), st.integers(1, 6),
                  st.sampled_from(["active", "active", "stopped"]), st.sampled_from(["full", "limited"]),
                  st.lists(st.sampled_from(PRODUCTS), max_size=3, unique=True))


def _reset():
    for model in (models.ProductFact, models.ManagedLink, models.VolumeContribution, models.Standing,
                  models.ProcessedEvent, models.OutboxEvent):
        model.delete().execute()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(products, links), min_size=1, max_size=25), st.data())
def test_pa2_the_incremental_volume_always_equals_a_full_recomputation(consumer, events, data):
    _reset()
    clock.set(T0 + timedelta(days=1))
    try:
        for envelope in events:
            consumer.apply(EnvelopeSchema().load(json.loads(json.dumps(envelope, default=str))))
        if events and data.draw(st.booleans()):
            consumer.apply(EnvelopeSchema().load(json.loads(json.dumps(events[0], default=str))))  # repeated
        for partner in PARTNERS:
            figure = models.Standing.get_or_none(models.Standing.partner_organization_id == partner)
            rows = {str(r.product_id): r.amount_minor for r in models.VolumeContribution.select().where(
                models.VolumeContribution.partner_organization_id == partner)}
            expected = volume.expected(partner)
            assert rows == {p: amount for p, (amount, _c, _client) in expected.items()}
            assert (figure.volume_minor if figure else 0) == sum(rows.values())
    finally:
        clock.reset()
