"""Orgs' mails in the reader's language (OR4, OR9), from the names and languages identity's
events give orgs; the members list shows those names (OR3, OR4)."""
import uuid
from datetime import datetime, timedelta, timezone

import pytest

from services.common.consumer import Consumer
from services.common.events import EnvelopeSchema, make_envelope
from services.identity.events import PRODUCED as IDENTITY_EVENTS
from services.orgs import handlers
from services.orgs.events import CONSUMED
from services.orgs.models import AccountProfile, Invitation, ProcessedEvent

from .orgs_support import add_member, orgs, people  # noqa: F401 - fixtures

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)


def profile_changed(account_id, language, first_name="Carl", last_name="Meier", at=T0):
    """identity.account.profile-changed v1 as identity sends it (its payload: account_id,
    first_name, last_name, language)."""
    return {"id": uuid.uuid4(), "type": "identity.account.profile-changed", "occurred_at": at, "producer": "identity",
            "version": 1, "correlation_id": None,
            "data": {"account_id": str(account_id), "first_name": first_name, "last_name": last_name,
                     "language": language}}


@pytest.fixture
def consumer(orgs):
    return Consumer(orgs.config, orgs.extensions["database"], ProcessedEvent, handlers.SUBSCRIPTIONS, CONSUMED)


@pytest.fixture
def anna(people):
    return people("anna@example.ch")


@pytest.fixture
def org(anna):
    return anna.create_org("Alpine Web")


def test_or9_role_summary_mail_is_in_the_members_language(people, anna, org, consumer, smtp_server):
    carl = people("carl@example.ch")
    add_member(org, carl)
    assert consumer.apply(profile_changed(carl.id, "de")) == "applied"
    assert anna.call("patch", f"/v1/organizations/{org}/members/{carl.id}", {"role": "administrator"}).status_code == 200
    mail = smtp_server.wait_for("carl@example.ch")[0]
    assert mail["Subject"] == "Ihre Rolle in Alpine Web wurde geändert"
    text = mail.get_content()
    assert "von «Mitarbeiter/in» zu «Administrator/in»" in text and "(Zürcher Zeit)" in text
    assert "Sie können Mitglieder, Teams und alle Produkte verwalten." in text


def test_or9_role_summary_is_english_when_the_language_is_unknown(people, anna, org, smtp_server):
    carl = people("carl@example.ch")
    add_member(org, carl)
    anna.call("patch", f"/v1/organizations/{org}/members/{carl.id}", {"role": "administrator"})
    mail = smtp_server.wait_for("carl@example.ch")[0]
    assert mail["Subject"] == "Your role in Alpine Web changed"
    assert "from collaborator to administrator" in mail.get_content()


def test_or4_an_invitation_to_an_unknown_address_is_in_the_chosen_language(anna, org, smtp_server):
    response = anna.call("post", f"/v1/organizations/{org}/invitations", {"email": "new@example.ch", "language": "it"})
    assert response.status_code == 201 and response.get_json()["language"] == "it"
    mail = smtp_server.wait_for("new@example.ch")[0]
    assert mail["Subject"] == "È invitato a unirsi a Alpine Web"
    assert f"/signup?invitation={Invitation.get().token}" in mail.get_content()
    assert "L’invito scade in data" in mail.get_content()


def test_or4_an_invitation_defaults_to_the_inviters_language_then_english(people, anna, org, consumer, smtp_server):
    anna.call("post", f"/v1/organizations/{org}/invitations", {"email": "first@example.ch"})
    assert smtp_server.wait_for("first@example.ch")[0]["Subject"] == "You are invited to join Alpine Web"
    consumer.apply(profile_changed(anna.id, "fr", "Anna", "Keller"))
    anna.call("post", f"/v1/organizations/{org}/invitations", {"email": "second@example.ch"})
    mail = smtp_server.wait_for("second@example.ch")[0]
    assert mail["Subject"] == "Vous êtes invité à rejoindre Alpine Web"
    assert "L’invitation expire le" in mail.get_content()
    invitation = Invitation.get(Invitation.email == "second@example.ch")
    resent = anna.call("post", f"/v1/organizations/{org}/invitations/{invitation.id}/resend")
    assert resent.status_code == 200
    reminder = smtp_server.wait_for("second@example.ch", count=2)[1]
    assert reminder["Subject"] == "Rappel : vous êtes invité à rejoindre Alpine Web"


def test_or4_an_existing_account_reads_its_invitation_in_its_own_language(people, anna, org, consumer, smtp_server):
    ben = people("ben@example.ch")
    ben.create_org("Ben's own")
    consumer.apply(profile_changed(ben.id, "es", "Ben", "Frei"))
    anna.call("post", f"/v1/organizations/{org}/invitations", {"email": "ben@example.ch", "language": "de"})
    mail = smtp_server.wait_for("ben@example.ch")[0]
    assert mail["Subject"] == "Está invitado a unirse a Alpine Web"
    assert f"/invitations/{Invitation.get().token}" in mail.get_content() and "signup" not in mail.get_content()
    assert "Inicie sesión y acepte la invitación aquí" in mail.get_content()


def test_or4_an_invitation_language_must_be_one_of_the_five(anna, org):
    response = anna.call("post", f"/v1/organizations/{org}/invitations", {"email": "x@example.ch", "language": "pt"})
    assert response.status_code == 422 and Invitation.select().count() == 0


def test_profile_events_apply_once_and_an_older_one_never_wins(people, anna, org, consumer):
    carl = people("carl@example.ch")
    add_member(org, carl)
    newer = profile_changed(carl.id, "it", "Carlo", at=T0 + timedelta(hours=1))
    assert consumer.apply(newer) == "applied" and consumer.apply(newer) == "duplicate"
    assert consumer.apply(profile_changed(carl.id, "de", "Karl", at=T0)) == "applied"  # late, older
    profile = AccountProfile.get_by_id(carl.id)
    assert (profile.first_name, profile.language) == ("Carlo", "it")
    assert consumer.apply(profile_changed(carl.id, None, "Carl", at=T0 + timedelta(hours=2))) == "applied"
    assert AccountProfile.get_by_id(carl.id).language is None  # the person cleared it: English mails


def test_id3_the_sign_up_event_gives_orgs_the_name_and_language(orgs, consumer):
    data = {"account_id": uuid.uuid4(), "email": "dora@example.ch", "first_name": "Dora", "last_name": "Rossi",
            "language": "it", "organization": {"kind": "individual", "name": "Dora Rossi", "currency": "CHF"}}
    envelope = EnvelopeSchema().load(make_envelope("identity.account.registered", "identity",
                                                   {k: v for k, v in data.items() if k != "language"},
                                                   produced=IDENTITY_EVENTS))
    envelope["data"]["language"] = "it"  # identity's optional field (added with issue 9)
    assert consumer.apply(envelope) == "applied"
    profile = AccountProfile.get_by_id(data["account_id"])
    assert (profile.first_name, profile.last_name, profile.language) == ("Dora", "Rossi", "it")


def test_or4_the_members_list_shows_names_email_role_and_rights(people, anna, org, consumer):
    carl = people("carl@example.ch")
    add_member(org, carl, external=True, billing_rights=True, product_ids=[str(uuid.uuid4())],
               contact_preferences={"billing": True, "technical": False, "legal": False})
    consumer.apply(profile_changed(carl.id, "de", "Carl", "Meier"))
    members = {m["account_id"]: m for m in anna.call("get", f"/v1/organizations/{org}/members").get_json()}
    assert (members[anna.id]["first_name"], members[anna.id]["last_name"]) == (None, None)  # not heard of yet
    listed = members[carl.id]
    assert (listed["email"], listed["first_name"], listed["last_name"], listed["role"], listed["external"],
            listed["billing_rights"], listed["contact_preferences"]["billing"]) == (
        "carl@example.ch", "Carl", "Meier", "collaborator", True, True, True)
    assert len(listed["product_ids"]) == 1
