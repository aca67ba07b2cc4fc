"""ID3: sign-up through an invitation joins the inviting organization and creates no personal one.

Identity and orgs both run as real HTTP servers; identity asks orgs about the invitation with
its own client-credentials token, and the real consumer applies the sign-up event in orgs."""
import json
import re

import pytest

from services.common.consumer import Consumer
from services.common.events import EnvelopeSchema
from services.identity.models import Account, OutboxEvent
from services.orgs import handlers as orgs_handlers
from services.orgs import invitations as orgs_invitations
from services.orgs import service as orgs_service
from services.orgs.events import CONSUMED
from services.orgs.models import Membership, Organization, ProcessedEvent
from tests.service.identity_helpers import PASSWORD, login, person
from tests.service.served import orgs, served_identity  # noqa: F401 - fixtures

FOUNDER = "0c1d2e3f-4a5b-4c6d-8e7f-8091a2b3c4d5"


@pytest.fixture
def invitation(orgs, served_identity):
    organization = orgs_service.create_organization("Alpine Web", "company", "CHF", founder_id=FOUNDER)
    body = {"email": "new.colleague@alpine-web.example", "role": "administrator", "billing_rights": True,
            "external": False}
    created = orgs_invitations.invite(organization.id, FOUNDER, body, orgs["app"].config["SERVICE_URLS"])
    return {"organization": organization, "token": created.token, "email": body["email"]}


def apply_sign_up_in_orgs(orgs):
    envelope = json.loads(OutboxEvent.get(OutboxEvent.type == "identity.account.registered").envelope)
    Consumer(orgs["app"].config, orgs["app"].extensions["database"], ProcessedEvent,
             orgs_handlers.SUBSCRIPTIONS, CONSUMED).apply(EnvelopeSchema().load(envelope))


def test_id3_sign_up_through_an_invitation_joins_that_organization_and_creates_none(served_identity, orgs, invitation):
    client = served_identity.test_client()
    body = person(invitation["email"], invitation_token=invitation["token"])
    del body["organization"]
    response = client.post("/v1/accounts", json=body)
    assert response.status_code == 201, response.get_data(as_text=True)
    account = Account.get()
    assert account.email_verified_at is not None  # the invitation reached this mailbox
    apply_sign_up_in_orgs(orgs)
    assert Organization.select().count() == 1  # no personal organization
    member = Membership.get(Membership.account_id == account.id)
    assert member.organization_id == invitation["organization"].id and member.role == "administrator"
    assert login(client, invitation["email"]).status_code == 303


@pytest.mark.parametrize("change, message", [
    ({"email": "someone.else@alpine-web.example"}, "address the invitation was sent to"),
    ({"invitation_token": "not-a-real-invitation-token"}, "not valid"),
])
def test_id3_an_invitation_for_another_address_or_an_unknown_one_is_refused(served_identity, invitation,
                                                                             change, message):
    body = {**person(invitation["email"], invitation_token=invitation["token"]), **change}
    response = served_identity.test_client().post("/v1/accounts", json=body)
    assert response.status_code == 422 and response.get_json()["rule"] == "ID3"
    assert message in response.get_json()["detail"]
    assert Account.select().count() == 0 and OutboxEvent.select().count() == 0


def test_id3_a_withdrawn_invitation_cannot_be_used(served_identity, invitation):
    orgs_invitations.withdraw(invitation["organization"].id, FOUNDER,
                              orgs_invitations.Invitation.get(orgs_invitations.Invitation.token == invitation["token"]).id)
    body = person(invitation["email"], invitation_token=invitation["token"])
    response = served_identity.test_client().post("/v1/accounts", json=body)
    assert response.status_code == 422 and "withdrawn" in response.get_json()["detail"]


def test_id3_sign_up_without_organization_or_invitation_is_a_422(served_identity):
    body = person()
    del body["organization"]
    response = served_identity.test_client().post("/v1/accounts", json=body)
    assert response.status_code == 422 and "organization" in response.get_json()["errors"]


def test_id3_the_mailed_sign_up_page_creates_the_login_and_joins(served_identity, orgs, invitation, smtp_server):
    [mail] = smtp_server.wait_for(invitation["email"])
    link = re.search(r"https?://[^/\s]+(/signup\?invitation=[\w\-]+)", mail.get_body(("plain",)).get_content()).group(1)
    client = served_identity.test_client()
    page = client.get(link).get_data(as_text=True)
    assert "Join Alpine Web" in page and invitation["email"] in page
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    form = {"csrf_token": csrf, "invitation": invitation["token"], "email": invitation["email"],
            "first_name": "Nora", "last_name": "Colleague", "password": PASSWORD}
    done = client.post("/signup", data=form)
    assert done.status_code == 201 and "Alpine Web" in done.get_data(as_text=True)
    apply_sign_up_in_orgs(orgs)
    assert Membership.select().where(Membership.organization == invitation["organization"].id).count() == 2


def test_id3_an_unknown_invitation_page_says_so(served_identity):
    response = served_identity.test_client().get("/signup?invitation=nothing-like-this")
    assert response.status_code == 404 and "not valid" in response.get_data(as_text=True)
