"""OR4 invitations and ID3 sign-up through one, with real mail and the real consumer."""
import json
import uuid

from services.common.consumer import Consumer
from services.common.events import EnvelopeSchema, make_envelope
from services.identity.events import PRODUCED as IDENTITY_EVENTS
from services.orgs import handlers
from services.orgs.events import CONSUMED
from services.orgs.models import Invitation, Membership, Organization, OutboxEvent, ProcessedEvent

from .orgs_support import add_member, orgs, people, service_token  # noqa: F401 - fixtures

PRODUCT = "3f0c7c8e-2a7b-4d55-9d0e-0b8c6a1f2e33"


def invite(by, org, email, **extra):
    body = {"email": email, "role": "collaborator", "product_ids": [PRODUCT], "billing_rights": True,
            "contact_preferences": {"billing": True, "technical": True, "legal": False}, **extra}
    return by.call("post", f"/v1/organizations/{org}/invitations", body)


def token_of(email):
    return Invitation.get(Invitation.email == email).token


def test_or4_an_unknown_address_gets_a_sign_up_link(orgs, people, smtp_server):
    anna = people("anna@example.ch")
    org = anna.create_org("Alpine Web")
    response = invite(anna, org, "New.Person@Example.ch")
    assert response.status_code == 201
    body = response.get_json()
    assert (body["email"], body["status"], body["billing_rights"]) == ("new.person@example.ch", "pending", True)
    assert "token" not in body
    mail = smtp_server.wait_for("new.person@example.ch")[0]
    identity_url = orgs.config["SERVICE_URLS"]["identity"]
    assert f"{identity_url}/signup?invitation={token_of('new.person@example.ch')}" in mail.get_content()
    assert "Alpine Web" in mail["Subject"]


def test_or4_an_existing_account_accepts_and_joins_with_the_rights_set_when_inviting(orgs, people, smtp_server):
    anna, ben = people("anna@example.ch"), people("ben@example.ch")
    org = anna.create_org()
    ben.create_org("Ben's own")  # ben's address is known to orgs
    assert invite(anna, org, "ben@example.ch", role="administrator").status_code == 201
    mail = smtp_server.wait_for("ben@example.ch")[0]
    assert f"/invitations/{token_of('ben@example.ch')}" in mail.get_content() and "signup" not in mail.get_content()
    response = ben.call("post", f"/v1/invitations/{token_of('ben@example.ch')}/accept")
    assert response.status_code == 200 and response.get_json()["my_role"] == "administrator"
    member = Membership.get((Membership.organization == org) & (Membership.account_id == ben.id))
    assert (member.product_ids, member.billing_rights, member.contact_preferences["technical"]) == (
        [PRODUCT], True, True)
    added = [json.loads(e.envelope)["data"] for e in OutboxEvent.select().where(OutboxEvent.type == "orgs.member.added")]
    assert added[0]["account_id"] == ben.id and added[0]["role"] == "administrator"
    assert anna.call("get", f"/v1/organizations/{org}/invitations").get_json()[0]["status"] == "accepted"


def test_or4_only_the_invited_address_can_answer(people):
    anna, ben, eve = people("anna@example.ch"), people("ben@example.ch"), people("eve@example.ch")
    org = anna.create_org()
    ben.create_org("Ben's own")
    eve.create_org("Eve's own")
    invite(anna, org, "ben@example.ch")
    token = token_of("ben@example.ch")
    assert eve.call("post", f"/v1/invitations/{token}/accept").status_code == 404
    assert eve.call("post", f"/v1/invitations/{token}/decline").status_code == 404
    assert ben.call("post", f"/v1/invitations/{token}/decline").status_code == 204
    assert ben.call("post", f"/v1/invitations/{token}/accept").status_code == 409
    assert not Membership.select().where((Membership.organization == org) & (Membership.account_id == ben.id)).exists()


def test_or4_the_invited_person_reads_the_offer_before_answering_and_nobody_else_can(people):
    anna, ben, eve = people("anna@example.ch"), people("ben@example.ch"), people("eve@example.ch")
    org = anna.create_org("Alpine Web")
    ben.create_org("Ben's own")
    eve.create_org("Eve's own")
    invite(anna, org, "ben@example.ch", role="administrator")
    token = token_of("ben@example.ch")
    offer = ben.call("get", f"/v1/invitations/{token}/mine")
    assert offer.status_code == 200
    body = offer.get_json()
    assert (body["organization_name"], body["role"], body["billing_rights"]) == ("Alpine Web", "administrator", True)
    assert "email" not in body and "token" not in body
    assert eve.call("get", f"/v1/invitations/{token}/mine").status_code == 404
    assert ben.call("get", "/v1/invitations/not-a-token/mine").status_code == 404
    assert ben.call("post", f"/v1/invitations/{token}/decline").status_code == 204
    assert ben.call("get", f"/v1/invitations/{token}/mine").status_code == 409  # answered: nothing left to offer


def test_or4_an_invitation_expires_after_seven_days_and_resending_renews_it(people, smtp_server, clock):
    anna, ben = people("anna@example.ch"), people("ben@example.ch")
    org = anna.create_org()
    ben.create_org("Ben's own")
    invitation_id = invite(anna, org, "ben@example.ch").get_json()["id"]
    clock.advance(days=7, seconds=1)
    assert anna.call("get", f"/v1/organizations/{org}/invitations").get_json()[0]["status"] == "expired"
    refused = ben.call("post", f"/v1/invitations/{token_of('ben@example.ch')}/accept")
    assert refused.status_code == 409 and "expired" in refused.get_json()["detail"]
    resent = anna.call("post", f"/v1/organizations/{org}/invitations/{invitation_id}/resend")
    assert resent.status_code == 200 and resent.get_json()["status"] == "pending"
    mails = smtp_server.wait_for("ben@example.ch", count=2)
    assert mails[1]["Subject"].startswith("Reminder")
    assert ben.call("post", f"/v1/invitations/{token_of('ben@example.ch')}/accept").status_code == 200


def test_or4_a_withdrawn_invitation_cannot_be_accepted_nor_resent(people):
    anna, ben = people("anna@example.ch"), people("ben@example.ch")
    org = anna.create_org()
    ben.create_org("Ben's own")
    invitation_id = invite(anna, org, "ben@example.ch").get_json()["id"]
    assert anna.call("delete", f"/v1/organizations/{org}/invitations/{invitation_id}").status_code == 204
    assert ben.call("post", f"/v1/invitations/{token_of('ben@example.ch')}/accept").status_code == 409
    assert anna.call("post", f"/v1/organizations/{org}/invitations/{invitation_id}/resend").status_code == 409


def test_or4_or5_collaborators_cannot_invite_and_admins_cannot_invite_legal_representatives(people):
    anna, carl, dora = people("anna@example.ch"), people("carl@example.ch"), people("dora@example.ch")
    org = anna.create_org()
    add_member(org, carl)
    add_member(org, dora, "administrator")
    assert invite(carl, org, "x@example.ch").get_json()["rule"] == "OR4"
    assert invite(dora, org, "x@example.ch", role="legal_representative").get_json()["rule"] == "OR5"
    assert invite(dora, org, "carl@example.ch").status_code == 409  # already a member
    assert invite(dora, org, "x@example.ch").status_code == 201
    assert invite(dora, org, "x@example.ch").status_code == 409  # already pending
    assert invite(anna, org, "not-an-email").status_code == 422
    assert invite(anna, org, "y@example.ch", role="owner").status_code == 422
    assert Invitation.select().count() == 1


def test_identity_reads_an_invitation_with_its_service_scope(orgs, identity, people):
    anna = people("anna@example.ch")
    org = anna.create_org("Alpine Web")
    invite(anna, org, "new@example.ch")
    token = token_of("new@example.ch")
    client = orgs.test_client()
    headers = {"Authorization": f"Bearer {service_token(identity, 'orgs:invitations:read', 'identity')}"}
    body = client.get(f"/v1/invitations/{token}", headers=headers).get_json()
    assert (body["email"], body["organization_id"], body["organization_name"], body["status"]) == (
        "new@example.ch", org, "Alpine Web", "pending")
    assert client.get("/v1/invitations/nope", headers=headers).status_code == 404
    assert anna.call("get", f"/v1/invitations/{token}").status_code == 404  # service-only: invisible to people


def registered(token, email="new@example.ch"):
    data = {"account_id": uuid.uuid4(), "email": email, "first_name": "New", "last_name": "Person",
            "organization": {"kind": "individual", "name": "New Person", "currency": "CHF"},
            "invitation_token": token}
    return EnvelopeSchema().load(make_envelope("identity.account.registered", "identity", data, produced=IDENTITY_EVENTS))


def test_id3_sign_up_through_an_invitation_joins_the_inviting_organization_and_creates_none(orgs, people):
    anna = people("anna@example.ch")
    org = anna.create_org()
    invite(anna, org, "new@example.ch", external=True)
    consumer = Consumer(orgs.config, orgs.extensions["database"], ProcessedEvent, handlers.SUBSCRIPTIONS, CONSUMED)
    envelope = registered(token_of("new@example.ch"))
    assert consumer.apply(envelope) == "applied"
    assert Organization.select().count() == 1
    member = Membership.get(Membership.account_id == envelope["data"]["account_id"])
    assert (str(member.organization_id), member.role, member.external, member.billing_rights) == (
        org, "collaborator", True, True)
    assert Invitation.get().status == "accepted"


def test_id3_sign_up_with_an_unusable_invitation_creates_the_personal_organization(orgs, people):
    anna = people("anna@example.ch")
    org = anna.create_org()
    invitation_id = invite(anna, org, "new@example.ch").get_json()["id"]
    anna.call("delete", f"/v1/organizations/{org}/invitations/{invitation_id}")
    consumer = Consumer(orgs.config, orgs.extensions["database"], ProcessedEvent, handlers.SUBSCRIPTIONS, CONSUMED)
    for token in (token_of("new@example.ch"), "unknown-token"):
        envelope = registered(token, email=f"{uuid.uuid4().hex[:6]}@example.ch")
        consumer.apply(envelope)
        member = Membership.get(Membership.account_id == envelope["data"]["account_id"])
        assert str(member.organization_id) != org and member.role == "legal_representative"
        assert member.email == envelope["data"]["email"]
