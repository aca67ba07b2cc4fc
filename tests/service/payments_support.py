"""Billing's person endpoints under test: the billing app asking the real orgs app (in-process)
who may do what, people with user tokens, an organization with a billing account, invoices."""
import uuid
from datetime import date

import pytest

from services.billing import app as billing_app
from services.billing import invoicing, service
from services.billing.models import db as billing_db
from services.common.access import AccessClient
from services.common.money import Money
from tests.conftest import mint_user_token, service_config

from .conftest import trust_identity
from .orgs_support import Person, add_member, orgs, service_token  # noqa: F401 - orgs is a fixture


class InProcessOrgs:
    """orgs' real access check, called through its app instead of over HTTP."""

    def __init__(self, app, identity):
        self.app = app
        self.token = service_token(identity, "orgs:access-check")

    def post(self, path, body):
        response = self.app.test_client().post(path, json=body, headers={"Authorization": f"Bearer {self.token}"})
        assert response.status_code == 200, response.get_json()
        return response.get_json()


class Payer:
    """A person calling billing with a user token of scope `billing`."""

    def __init__(self, app, identity, person):
        self.id, self.client = person.id, app.test_client()
        self.token = mint_user_token(identity.config["VAR_DIR"], identity.config["ISSUER"], person.id,
                                     "openid billing", ["billing"])

    def call(self, method, path, json=None, key=None, **kwargs):
        headers = {"Authorization": f"Bearer {self.token}", **({"Idempotency-Key": key} if key else {})}
        return self.client.open(path, method=method.upper(), json=json, headers=headers, **kwargs)


@pytest.fixture
def billing(tmp_path, databases, identity, orgs):  # noqa: F811
    app = billing_app.create_app(service_config(billing_app, tmp_path, databases, "billing",
                                                PAYMENT_PUBLIC_URL="http://billing.test"))
    app.extensions["access_client"] = AccessClient(InProcessOrgs(orgs, identity))
    yield trust_identity(app, identity)
    app.extensions["database"].close()


@pytest.fixture
def shop(billing, orgs, identity):  # noqa: F811
    """Anna (legal representative) and Bea (billing rights) of a CHF company, Carl without billing
    rights; Eve runs another company. `shop.base` is the organization's billing path."""
    anna, bea, carl, eve = (Person(orgs, identity, f"{n}@example.ch") for n in ("anna", "bea", "carl", "eve"))
    org = anna.create_org()
    add_member(org, bea, billing_rights=True)
    add_member(org, carl)
    other = eve.create_org(name="Other SA")
    for organization in (org, other):
        service.open_billing_account(uuid.UUID(organization), "CHF")

    class Shop:
        pass

    shop = Shop()
    shop.app, shop.org, shop.other = billing, org, other
    shop.base, shop.other_base = f"/v1/organizations/{org}", f"/v1/organizations/{other}"
    shop.anna, shop.bea, shop.carl, shop.eve = (Payer(billing, identity, p) for p in (anna, bea, carl, eve))
    return shop


def open_account(organization, currency):
    service.open_billing_account(uuid.UUID(str(organization)), currency)


def invoice(app, organization, net="100.00", currency="CHF", issued=True):
    """An invoice of one standard-rated line (8.1 % VAT in CH), issued or a draft."""
    with billing_db.atomic():
        draft = invoicing.create_draft(uuid.UUID(str(organization)), currency, [{
            "kind": "order", "description": "Web hosting", "unit_price": Money.of(net, currency),
            "vat_category": "standard", "product_type": "web-hosting", "period_start": date(2026, 1, 1),
            "period_end": date(2026, 12, 31)}], app.config["VAT_RATES"])
        return invoicing.issue(draft) if issued else draft


def add_profile(payer, base, **body):
    body = body or {"method": "card", "card_number": "4242424242424242", "expires": "2030-12"}
    response = payer.call("post", f"{base}/payment-profiles", body)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def deposit(payer, base, amount, profile_id, key=None):
    return payer.call("post", f"{base}/prepaid/deposits",
                      {"amount": {"amount": amount, "currency": "CHF"}, "profile_id": profile_id}, key=key)


def run_together(count, work):
    """work() in `count` threads released at once; their results (or exceptions), in any order.
    Each thread hands its database connections back when done."""
    import threading

    from services.orgs.models import db as orgs_db

    start, results = threading.Barrier(count), []
    billing_db.close()

    def run():
        start.wait()
        try:
            results.append(work())
        except Exception as error:  # the caller decides which refusals were expected
            results.append(error)
        finally:
            for database in (billing_db, orgs_db):
                if database.obj is not None:  # orgs is not in every test
                    database.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


NO_RIGHTS = "No such organization, or no billing rights in it."  # BI13: the 404 of a denied billing check
