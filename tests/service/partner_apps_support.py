"""Shared pieces of partner's application tests: the partner app asking the real orgs over HTTP
(access check, contacts) with its own token from the real identity over HTTP, people with user
tokens of scope `partner`, and the provider's staff (scope `staff`).

    from .partner_apps_support import orgs, partner  # noqa: F401 - fixtures

    def test_something(partner):
        team = partner.team()                   # a company with a member of each role (billing_served.Team)
        team.legal.post(f"{team.base}/application", application())
        partner.staff.post(f"/v1/applications/{id}/approval", {})
"""
import json
import uuid

import pytest

from services.partner import app as partner_app
from services.partner import models as partner_models
from services.partner import service as partner_service
from tests.conftest import mint_user_token

from .billing_served import BillingSystem, Person, served_app
from .served import orgs  # noqa: F401 - the fixture `orgs` is used below

VALID_UID = "CHE-116.281.710"


def application(**overrides):
    """A well-formed application body (a Swiss company)."""
    return {"legal_name": "Alpine Web AG", "register_country": "CH", "register_number": VALID_UID,
            "website": "https://alpine-web.example", "conditions_version": "2026-01", "accept_conditions": True,
            **overrides}


def emitted(event_type):
    rows = partner_models.OutboxEvent.select().where(partner_models.OutboxEvent.type == event_type)
    return [json.loads(row.envelope)["data"] for row in rows.order_by(partner_models.OutboxEvent.seq)]


class PartnerSystem(BillingSystem):
    PERSON_SCOPE, AUDIENCE = "openid orgs partner", ["orgs", "partner"]

    def __init__(self, app, orgs_app, identity):
        super().__init__(app, orgs_app, identity)
        self.staff = StaffPerson(self, "reviewer@partner-portal.example")

    @staticmethod
    def opened(org, name, currency):
        pass  # partner learns organizations from the event, or asks orgs when it has not arrived (service.py)

    def record(self, org, name="Alpine Web", kind="company", currency="CHF"):
        partner_service.record_organization(org, name, kind, currency)


class StaffPerson(Person):
    """One of the provider's staff: identity puts `staff` in their tokens (domain.STAFF_SCOPE)."""

    def __init__(self, system, email):
        self.system, self.email, self.id, self.language = system, email, str(uuid.uuid4()), None
        identity = system.identity
        self.token = mint_user_token(identity.config["VAR_DIR"], identity.config["ISSUER"], self.id,
                                     "openid partner staff", ["partner"], ttl=1800)


@pytest.fixture
def partner(tmp_path, databases, identity, orgs, smtp_server):  # noqa: F811 - orgs is the served fixture
    with served_app(partner_app, partner_models, tmp_path, databases, identity, orgs, smtp_server) as app:
        yield PartnerSystem(app, orgs["app"], identity)
