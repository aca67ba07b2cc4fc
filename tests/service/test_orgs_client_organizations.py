"""PA4 in orgs, for the partner service: find organizations by their legal representative's
address; create a client organization whose legal representative is invited (OR4, ID3)."""
import json
import uuid

from services.common.consumer import Consumer
from services.common.events import EnvelopeSchema, make_envelope
from services.identity.app import DEFAULT_CLIENTS
from services.identity.events import PRODUCED as IDENTITY_EVENTS
from services.orgs import handlers
from services.orgs.events import CONSUMED, PRODUCED
from services.orgs.models import AuditEntry, Invitation, Membership, Organization, OutboxEvent, ProcessedEvent
from services.partner.events import CONSUMED as PARTNER_CONSUMED
from services.billing.events import CONSUMED as BILLING_CONSUMED

from .orgs_support import add_member, orgs, people, service_token  # noqa: F401 - fixtures


def as_partner(orgs, identity, scope="orgs:create-client orgs:read"):
    headers = {"Authorization": f"Bearer {service_token(identity, scope, 'partner')}"}
    client = orgs.test_client()

    def call(method, path, json=None, **extra):
        return client.open(path, method=method.upper(), json=json, headers={**headers, **extra})
    return call


def new_client(partner_org, email="Lea.Client@Example.ch", **extra):
    return {"name": "Client Sàrl", "kind": "company", "currency": "CHF", "partner_organization_id": partner_org,
            "legal_representative": {"email": email, "first_name": "Léa", "last_name": "Martin", "language": "fr"},
            **extra}


def created_events():
    return [json.loads(e.envelope)["data"] for e in OutboxEvent.select().where(
        OutboxEvent.type == "orgs.organization.created")]


def test_pa4_a_client_organization_exists_at_once_and_its_unknown_legal_representative_signs_up(
        orgs, identity, people, smtp_server):
    agency = people("rep@agency.example").create_org("Agency")
    call = as_partner(orgs, identity)
    response = call("post", "/v1/client-organizations", new_client(agency))
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    org = Organization.get_by_id(body["organization_id"])
    assert (org.name, org.kind, org.currency) == ("Client Sàrl", "company", "CHF")
    # OR7: no member at all until the invitation is accepted
    assert Membership.select().where(Membership.organization == org.id).count() == 0
    invitation = Invitation.get_by_id(body["invitation_id"])
    assert (invitation.email, invitation.role, invitation.status, str(invitation.partner_organization_id)) == (
        "lea.client@example.ch", "legal_representative", "pending", agency)
    assert (invitation.expires_at - invitation.created_at).days == 30
    mail = smtp_server.wait_for("lea.client@example.ch")[0]
    assert f"/signup?invitation={invitation.token}" in mail.get_content()
    assert "Agency" in mail.get_content() and "Client Sàrl" in mail["Subject"]
    assert "invité" in mail["Subject"]  # in the language the partner gave
    created = created_events()[-1]
    assert created["organization_id"] == str(org.id) and created["legal_representative_id"] is None
    # ID3: signing up through the invitation makes her its legal representative, no organization of her own
    account_id = uuid.uuid4()
    signup = EnvelopeSchema().load(make_envelope("identity.account.registered", "identity", {
        "account_id": account_id, "email": "lea.client@example.ch", "first_name": "Léa", "last_name": "Martin",
        "organization": {"kind": "individual", "name": "Léa Martin", "currency": "CHF"},
        "invitation_token": invitation.token}, produced=IDENTITY_EVENTS))
    consumer = Consumer(orgs.config, orgs.extensions["database"], ProcessedEvent, handlers.SUBSCRIPTIONS, CONSUMED)
    assert consumer.apply(signup) == "applied"
    member = Membership.get(Membership.organization == org.id)
    assert (member.account_id, member.role, member.external) == (account_id, "legal_representative", False)
    assert Organization.select().count() == 2


def test_pa4_an_existing_account_is_invited_and_becomes_legal_representative_on_accepting(
        orgs, identity, people, smtp_server):
    agency = people("rep@agency.example").create_org("Agency")
    lea = people("lea@client.example")
    lea.create_org("Léa's own")  # orgs knows her address
    body = as_partner(orgs, identity)("post", "/v1/client-organizations", new_client(agency, "lea@client.example")
                                      ).get_json()
    mail = smtp_server.wait_for("lea@client.example")[0]
    token = Invitation.get_by_id(body["invitation_id"]).token
    assert f"/invitations/{token}" in mail.get_content() and "signup" not in mail.get_content()
    accepted = lea.call("post", f"/v1/invitations/{token}/accept")
    assert accepted.status_code == 200 and accepted.get_json()["my_role"] == "legal_representative"
    # OR7 holds from then on: she is the last legal representative and cannot leave
    left = lea.call("delete", f"/v1/organizations/{body['organization_id']}/members/me")
    assert left.status_code == 422 and left.get_json()["rule"] == "OR7"
    assert AuditEntry.select().where((AuditEntry.organization_id == body["organization_id"])
                                     & (AuditEntry.action == "invitation.accept")).count() == 1


def test_pa4_the_created_event_still_validates_for_its_consumers():
    """legal_representative_id is optional (null for a client organization); billing reads only
    the organization's id, name, kind and currency, and partner (a sign-up's referral, PA15)
    accepts it null."""
    _version, schema = PRODUCED["orgs.organization.created"]
    data = {"organization_id": str(uuid.uuid4()), "name": "C", "kind": "company", "currency": "EUR",
            "legal_representative_id": None}
    assert schema().load(data)["legal_representative_id"] is None
    for consumed in (PARTNER_CONSUMED, BILLING_CONSUMED):
        if "orgs.organization.created" in consumed:
            reader = consumed["orgs.organization.created"]()
            if "legal_representative_id" in reader.fields:
                assert reader.load(data)["legal_representative_id"] is None
            else:
                assert reader.load({k: v for k, v in data.items() if k in reader.fields})["organization_id"]


def test_pa4_creating_needs_the_create_client_scope_and_the_partner_client_has_it(orgs, identity, people):
    agency = people("rep@agency.example").create_org("Agency")
    assert "orgs:create-client" in DEFAULT_CLIENTS["partner"]
    refused = as_partner(orgs, identity, "orgs:read")("post", "/v1/client-organizations", new_client(agency))
    assert refused.status_code == 403
    person = people("someone@example.ch")
    assert person.call("post", "/v1/client-organizations", new_client(agency)).status_code in (401, 403, 404)
    assert Organization.select().count() == 1


def test_pa4_bad_input_and_an_unknown_partner_write_nothing(orgs, identity, people):
    agency = people("rep@agency.example").create_org("Agency")
    call = as_partner(orgs, identity)
    assert call("post", "/v1/client-organizations", new_client(agency, currency="USD")).status_code == 422
    assert call("post", "/v1/client-organizations", new_client(agency, email="not-an-address")).status_code == 422
    bad_language = new_client(agency)
    bad_language["legal_representative"]["language"] = "xx"
    assert call("post", "/v1/client-organizations", bad_language).status_code == 422
    assert call("post", "/v1/client-organizations", new_client(str(uuid.uuid4()))).status_code == 404
    assert Organization.select().count() == 1 and Invitation.select().count() == 0


def test_pa4_an_idempotency_key_creates_the_client_once(orgs, identity, people):
    agency = people("rep@agency.example").create_org("Agency")
    call = as_partner(orgs, identity)
    first = call("post", "/v1/client-organizations", new_client(agency), **{"Idempotency-Key": "link-42"})
    again = call("post", "/v1/client-organizations", new_client(agency), **{"Idempotency-Key": "link-42"})
    assert first.status_code == again.status_code == 201
    assert first.get_json() == again.get_json() and again.headers["Idempotent-Replayed"] == "true"
    assert Organization.select().count() == 2 and len(created_events()) == 2


def test_pa4_pa5_organizations_are_found_by_their_legal_representatives_address(orgs, identity, people):
    lea, ben = people("lea@client.example"), people("ben@client.example")
    first, second = lea.create_org("First"), lea.create_org("Second")
    other = ben.create_org("Ben's")
    add_member(other, lea, "legal_representative", external=True)  # external: not its representative
    add_member(second, ben, "administrator")
    call = as_partner(orgs, identity)
    found = call("get", "/v1/organizations?legal_representative_email=LEA@client.example")
    assert found.status_code == 200
    assert [(o["id"], o["name"], o["currency"]) for o in found.get_json()] == [(first, "First", "CHF"),
                                                                              (second, "Second", "CHF")]
    assert call("get", "/v1/organizations?legal_representative_email=nobody@client.example").get_json() == []
    assert [o["id"] for o in call("get", "/v1/organizations?legal_representative_email=ben@client.example"
                                  ).get_json()] == [other]
    assert call("get", "/v1/organizations").status_code == 422
    both = f"/v1/organizations?legal_representative_email=ben@client.example&account_id={ben.id}"
    assert call("get", both).status_code == 422
    assert call("get", f"/v1/organizations?account_id={ben.id}").status_code == 200
