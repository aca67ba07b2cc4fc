"""Tenant isolation over every partner path with an id, walked from partner's /openapi.json: another
partner's legal representative (an approved partner and a client's legal representative in its own
right) reaches nothing of the victim's — neither through the victim's organizations nor through its
own with the victim's ids. Every answer is a problem, 404 (403 only for staff's endpoints, which a
person's token without the `staff` scope never reaches), and nothing is written.

A path parameter or request body this test does not know makes it fail until a value is added to
the victim fixture or BODIES, so a new endpoint is covered the day it appears."""
import re

import pytest

from services.partner.models import (Application, Assignment, CashbackStatement, IdempotencyRecord, Link, OutboxEvent,
                                     Partner, StopRequest, WebhookDelivery, WebhookSubscription)
from services.partner.models import Tender, TenderAnswer, TenderAward, TenderDelivery  # PA13

from .partner_apps_support import application
from .partner_links_served import FULL, links_system, orgs, request_body, scope_limited  # noqa: F401 - fixtures
from .partner_tenders_support import answer_body, tender_body

TABLES = (Application, Assignment, Link, OutboxEvent, Partner, StopRequest, IdempotencyRecord, WebhookSubscription,
          WebhookDelivery, Tender, TenderAnswer, TenderAward, TenderDelivery)
PROBLEM_KEYS = {"type", "title", "status", "detail", "instance", "rule", "required_scope", "errors", "reason"}
PRODUCT = "3f0c7c8e-2a7b-4d55-9d0e-0b8c6a1f2e33"
# Valid bodies, so that validation (422) never answers before the tenant check would.
BODIES = {
    ("post", "/v1/partners/{partner_organization_id}/links/{link_id}/resend"): {},
    ("post", "/v1/partners/{partner_organization_id}/links/{link_id}/withdrawal"): {},
    ("put", "/v1/partners/{partner_organization_id}/links/{link_id}/assignments/{account_id}"): {"products": None},
    ("post", "/v1/partners/{partner_organization_id}/links/{link_id}/stop-request"): {},
    ("post", "/v1/partners/{partner_organization_id}/links/{link_id}/stop"): {"token": "x" * 43, "password": "guess"},
    ("post", "/v1/clients/{client_organization_id}/links/{link_id}/approval"): {},
    ("post", "/v1/clients/{client_organization_id}/links/{link_id}/decline"): {},
    ("put", "/v1/clients/{client_organization_id}/links/{link_id}/scope"): FULL,
    ("put", "/v1/clients/{client_organization_id}/links/{link_id}/payer"): {"payer": "client"},
    ("put", "/v1/clients/{client_organization_id}/links/{link_id}/end"): {"ends_at": None, "auto_extend": False},
    ("post", "/v1/clients/{client_organization_id}/links/{link_id}/stop-request"): {},
    ("post", "/v1/clients/{client_organization_id}/links/{link_id}/stop"): {"token": "x" * 43, "password": "guess"},
    ("post", "/v1/organizations/{organization_id}/application"): application(),
    ("post", "/v1/applications/{application_id}/approval"): {},
    ("post", "/v1/applications/{application_id}/rejection"): {"reason": "Spam"},
    ("post", "/v1/partners/{partner_organization_id}/webhooks"): {"url": "https://93.184.216.34/in",
                                                                  "events": ["link.approved"]},
    ("patch", "/v1/partners/{partner_organization_id}/webhooks/{subscription_id}"): {"description": "mine now"},
    ("post", "/v1/partners/{partner_organization_id}/links"): None,  # filled per victim (its client)
    # PA13: calls for tenders (the public ones need the poster key: none is sent, 404)
    ("post", "/v1/tenders/{tender_id}/accept"): {"answer_id": PRODUCT},
    ("post", "/v1/tenders/{tender_id}/withdraw"): {},
    ("post", "/v1/organizations/{organization_id}/tenders"): tender_body(),
    ("post", "/v1/organizations/{organization_id}/tenders/{tender_id}/accept"): {"answer_id": PRODUCT},
    ("post", "/v1/organizations/{organization_id}/tenders/{tender_id}/withdraw"): {},
    ("post", "/v1/partners/{partner_organization_id}/tenders/{tender_id}/answers"): answer_body(),
    ("post", "/v1/partners/{partner_organization_id}/tenders/{tender_id}/award/confirm"): {"provider_products_only": True},
    ("post", "/v1/staff/tenders/{tender_id}/remove"): {"reason": "Spam"},
    ("put", "/v1/partners/{partner_organization_id}/profile"): {  # PA12
        "name": "Spy Web", "city": "Bern", "region": "CH-BE", "languages": ["de"], "specialities": ["hosting"],
        "descriptions": {"de": "Übernommen."}, "published": True, "tenders_opt_in": True},
    ("put", "/v1/partners/{partner_organization_id}/profile/logo"): {"image": "iVBORw0KGgo="},
    ("post", "/v1/clients/{client_organization_id}/links"): None,  # filled per victim (its partner)
}


@pytest.fixture
def victim(links_system):
    partner, client = links_system.partner(), links_system.client()
    asked = partner.legal.post(f"/v1/partners/{partner.org}/links", request_body(client.org, scope=FULL)).get_json()
    client.legal.post(f"/v1/clients/{client.org}/links/{asked['id']}/approval", {})
    assigned = partner.legal.put(f"/v1/partners/{partner.org}/links/{asked['id']}/assignments/{partner.collaborator.id}",
                                 {"products": None})
    assert assigned.status_code == 200, assigned.get_json()
    applied = client.legal.post(f"/v1/organizations/{client.org}/application", application())
    assert applied.status_code == 201, applied.get_json()
    statement = CashbackStatement.create(partner_organization_id=partner.org, month="2027-03", currency="CHF",
                                         earned_minor=1000, reversed_minor=0, amount_minor=1000, entries=1)
    hooked = partner.legal.post(f"/v1/partners/{partner.org}/webhooks", BODIES[
        ("post", "/v1/partners/{partner_organization_id}/webhooks")])
    assert hooked.status_code == 201, hooked.get_json()
    # PA12: an unpublished profile (a published one is public: 200 to anybody, by design), opted in
    # to calls for tenders where the victim client posts (PA13)
    profiled = partner.legal.put(f"/v1/partners/{partner.org}/profile", {
        **BODIES[("put", "/v1/partners/{partner_organization_id}/profile")], "published": False,
        "region": tender_body()["region"], "languages": [tender_body()["language"]],
        "specialities": [tender_body()["speciality"]]})
    assert profiled.status_code == 200, profiled.get_json()
    delivery = WebhookDelivery.create(subscription=hooked.get_json()["id"], event_id=asked["id"],
                                      event_type="link.approved", payload={"type": "link.approved"})
    # PA13: the victim partner receives the victim client's call for tenders and wins it
    tender = client.legal.post(f"/v1/organizations/{client.org}/tenders", tender_body()).get_json()
    answered = partner.legal.post(f"/v1/partners/{partner.org}/tenders/{tender['id']}/answers", answer_body())
    accepted = client.legal.post(f"/v1/organizations/{client.org}/tenders/{tender['id']}/accept",
                                 {"answer_id": answered.get_json()["id"]})
    assert accepted.status_code == 200, accepted.get_json()
    return {"tender_id": tender["id"], "subscription_id": hooked.get_json()["id"], "delivery_id": str(delivery.id),
            "partner_organization_id": partner.org, "client_organization_id": client.org,
            "organization_id": client.org, "link_id": asked["id"], "account_id": partner.collaborator.id,
            "application_id": applied.get_json()["id"], "statement_id": str(statement.id),
            "slug": profiled.get_json()["slug"]}


@pytest.fixture
def attacker(links_system):
    """Another approved partner's legal representative, who is also its organization's client side."""
    return links_system.partner(name="Spy Partners")


def counts():
    return {table.__name__: table.select().count() for table in TABLES}


def _needs_other_scope(operation):
    """True when the operation is staff's only (every way in needs `staff`): a person's `partner`
    token without `staff` is refused (403). Where a partner token is one way in (PX6's reads,
    staff read too) the access check answers: 404. Service endpoints do not exist for people (404)."""
    requirements = operation.get("security") or []
    return bool(requirements) and all("staff" in {s for values in requirement.values() for s in values}
                                      for requirement in requirements)


def _walk(links_system, attacker, values, bodies):
    spec = links_system.app.test_client().get("/openapi.json").get_json()
    before, called = counts(), 0
    for template, item in spec["paths"].items():
        names = re.findall(r"{(\w+)}", template)
        if not names:
            continue
        unknown = [name for name in names if name not in values]
        assert not unknown, f"{template}: no victim value for {unknown}; add one to the victim fixture"
        path = template.format(**values)
        for method, operation in item.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            body = bodies.get((method, template))
            if "requestBody" in operation:
                assert (method, template) in bodies, f"{method.upper()} {template} takes a body: add one to BODIES"
            response = attacker.legal.call(method, path, body)
            called += 1
            payload = response.get_json()
            assert response.mimetype == "application/problem+json", (method, template, payload)
            assert set(payload) <= PROBLEM_KEYS, (method, template, payload)
            expected = 403 if _needs_other_scope(operation) else 404
            assert response.status_code == expected, (method, template, response.status_code, payload)
    assert counts() == before
    return called


def test_pa6_every_partner_path_with_an_id_answers_404_to_another_partner(links_system, victim, attacker):
    bodies = {**BODIES,
              ("post", "/v1/partners/{partner_organization_id}/links"): request_body(attacker.org, scope=FULL),
              ("post", "/v1/clients/{client_organization_id}/links"):
                  {"partner_organization_id": attacker.org, "scope": FULL, "payer": "client"}}
    assert _walk(links_system, attacker, victim, bodies) >= 20


def test_pa6_the_victims_ids_inside_the_attackers_own_organizations_are_404(links_system, victim, attacker):
    """The attacker's own partner and client organization with the victim's link, account and
    application ids: every id is looked up within the organization of the path."""
    own = {**victim, "partner_organization_id": attacker.org, "client_organization_id": attacker.org,
           "organization_id": attacker.org}
    bodies = {**BODIES,
              ("post", "/v1/partners/{partner_organization_id}/links"):
                  request_body(victim["client_organization_id"], scope=scope_limited(PRODUCT)),
              ("post", "/v1/clients/{client_organization_id}/links"):
                  {"partner_organization_id": victim["partner_organization_id"], "scope": FULL, "payer": "client"}}
    link_before = Link.get_by_id(victim["link_id"])
    spec = links_system.app.test_client().get("/openapi.json").get_json()
    for template, item in spec["paths"].items():
        if not {"{link_id}", "{application_id}", "{statement_id}", "{tender_id}"} & set(re.findall(r"{\w+}", template)):
            continue
        for method, operation in item.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            response = attacker.legal.call(method, template.format(**own), bodies.get((method, template)))
            expected = 403 if _needs_other_scope(operation) else 404
            assert response.status_code == expected, (method, template, response.get_json())
    after = Link.get_by_id(victim["link_id"])
    assert (after.status, after.version, after.scope) == (link_before.status, link_before.version, link_before.scope)
