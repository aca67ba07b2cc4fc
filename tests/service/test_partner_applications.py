"""PA1, PA3: applying to the partner programme and staff's review, through partner's API with
the real orgs (access check, contacts) and identity over HTTP; events from the outbox, mail
through the real SMTP server."""
import argparse
import json
import uuid

import pytest

from services.partner.cli import COMMANDS
from services.partner.models import Affiliate, Application, KnownOrganization, Partner

from .partner_apps_support import VALID_UID, application, emitted, orgs, partner  # noqa: F401 - fixtures

STAFF_EMAIL = "staff@partner-portal.local"


def apply(team, **overrides):
    return team.legal.post(f"{team.base}/application", application(**overrides))


def applied(partner, **overrides):
    team = partner.team()
    response = apply(team, **overrides)
    assert response.status_code == 201, response.get_json()
    return team, response.get_json()


def test_pa1_a_company_applies_with_a_swiss_uid_and_waits_for_review(partner, smtp_server, clock):
    team, body = applied(partner, register_number="che 116 281 710")
    assert body["status"] == "pending" and body["register_number"] == VALID_UID
    assert (body["register_kind"], body["manual_review"], body["organization_id"]) == ("uid", False, team.org)
    assert body["conditions_version"] == "2026-01" and body["conditions_accepted_at"]
    assert body["website_check"]["reachable"] is True and body["website_check"]["status"] == "sandbox: reachable"
    assert body["applied_by"] == team.legal.id and body["reason"] is None
    [event] = emitted("partner.application.submitted")
    assert event == {"application_id": body["id"], "organization_id": team.org, "status": "pending",
                     "manual_review": False, "reason": None, "actor_id": team.legal.id}
    [mail] = smtp_server.to(team.legal.email)
    assert "Alpine Web AG" in mail["Subject"] and "partner programme" in mail["Subject"]
    [staff_mail] = smtp_server.to(STAFF_EMAIL)
    assert "CH CHE-116.281.710 (uid)" in staff_mail.get_content() and "reachable" in staff_mail.get_content()
    assert team.legal.get(f"{team.base}/application").get_json()["id"] == body["id"]


def test_pa1_a_french_siret_is_checked_and_normalised(partner):
    _, body = applied(partner, register_country="FR", register_number="732 829 320 00074")
    assert (body["register_kind"], body["register_number"], body["manual_review"]) == ("siret", "73282932000074", False)


def test_pa1_another_countrys_number_is_accepted_for_staffs_manual_review(partner, smtp_server):
    _, body = applied(partner, register_country="DE", register_number="HRB 12345 B")
    assert (body["register_kind"], body["manual_review"]) == ("foreign", True)
    assert emitted("partner.application.submitted")[0]["manual_review"] is True
    assert "check it by hand" in smtp_server.to(STAFF_EMAIL)[0].get_content()


@pytest.mark.parametrize("country, number", [("CH", "CHE-116.281.711"), ("CH", "CHE-116.281"),
                                             ("FR", "73282932000075"), ("FR", "7328293200007")])
def test_pa1_a_register_number_failing_its_check_is_refused_naming_the_field(partner, country, number):
    team = partner.team()
    response = apply(team, register_country=country, register_number=number)
    assert response.status_code == 422 and response.get_json()["rule"] == "PA1", response.get_json()
    assert "register_number" in response.get_json()["errors"]
    assert Application.select().count() == 0 and emitted("partner.application.submitted") == []


def test_pa1_individuals_cannot_apply(partner):
    team = partner.team(kind="individual", name="Léa Martin")
    response = apply(team)
    assert response.status_code == 422 and response.get_json()["rule"] == "PA1"
    assert Application.select().count() == 0


@pytest.mark.parametrize("overrides", [{"accept_conditions": False}, {"conditions_version": "2025-01"}])
def test_pa1_the_current_reseller_conditions_must_be_accepted(partner, overrides):
    team = partner.team()
    response = apply(team, **overrides)
    assert response.status_code == 422 and response.get_json()["rule"] == "PA1"
    assert "accept_conditions" in response.get_json()["errors"] and Application.select().count() == 0


def test_pa1_an_unreachable_website_is_recorded_and_shown_to_staff_not_refused(partner, smtp_server):
    _, body = applied(partner, website="https://shop.unreachable.example/home")
    assert body["website_check"]["reachable"] is False and body["website_check"]["checked_at"]
    assert "NOT reachable" in smtp_server.to(STAFF_EMAIL)[0].get_content()
    shown = partner.staff.get(f"/v1/applications/{body['id']}").get_json()
    assert shown["website_check"] == body["website_check"]


def test_pa1_one_pending_or_approved_application_at_a_time(partner):
    team, first = applied(partner)
    assert apply(team).status_code == 409
    assert partner.staff.post(f"/v1/applications/{first['id']}/rejection", {"reason": "No website yet"}).status_code == 200
    again = apply(team)
    assert again.status_code == 201
    assert partner.staff.post(f"/v1/applications/{again.get_json()['id']}/approval", {}).status_code == 200
    assert apply(team).status_code == 409
    assert team.legal.get(f"{team.base}/application").get_json()["id"] == again.get_json()["id"]


def test_pa3_an_affiliate_cannot_apply(partner):
    team = partner.team()
    Affiliate.create(organization_id=team.org)
    response = apply(team)
    assert response.status_code == 422 and response.get_json()["rule"] == "PA3"
    Affiliate.update(status="ended").execute()
    assert apply(team).status_code == 201


def test_pa3_an_organization_that_became_an_affiliate_meanwhile_is_not_approved(partner):
    team, body = applied(partner)
    Affiliate.create(organization_id=team.org)
    response = partner.staff.post(f"/v1/applications/{body['id']}/approval", {})
    assert response.status_code == 422 and response.get_json()["rule"] == "PA3"
    assert Partner.select().count() == 0 and Application.get_by_id(body["id"]).status == "pending"


def test_pa1_only_legal_representatives_apply(partner):
    team = partner.team()
    for who, status in ((team.admin, 403), (team.collaborator, 403), (team.outsider, 404)):
        response = who.post(f"{team.base}/application", application())
        assert response.status_code == status, (who.email, response.get_json())
    assert Application.select().count() == 0


def test_pa1_administrators_read_the_application_collaborators_do_not(partner):
    team, body = applied(partner)
    assert team.admin.get(f"{team.base}/application").get_json()["id"] == body["id"]
    assert team.collaborator.get(f"{team.base}/application").status_code == 403
    assert team.outsider.get(f"{team.base}/application").status_code == 404
    assert partner.team().legal.get(f"{team.base}/application").status_code == 404  # another organization's
    assert team.legal.get(f"/v1/organizations/{uuid.uuid4()}/application").status_code == 404


def test_pa1_an_organization_partner_has_not_heard_of_yet_is_asked_of_orgs(partner):
    team, _ = applied(partner, legal_name="Alpine Web AG")
    organization = KnownOrganization.get_by_id(team.org)
    assert (organization.name, organization.kind, organization.currency) == ("Alpine Web", "company", "CHF")


def test_pa1_staff_approve_and_the_organization_becomes_a_partner(partner, smtp_server):
    team = partner.team(language="fr", name="Lac Léman Fiduciaire")
    body = apply(team).get_json()
    assert team.legal.get(f"{team.base}/partner").status_code == 404
    decided = partner.staff.post(f"/v1/applications/{body['id']}/approval", {})
    assert decided.status_code == 200, decided.get_json()
    assert decided.get_json()["status"] == "approved" and decided.get_json()["reviewed_by"] == partner.staff.id
    row = Partner.get_by_id(team.org)
    assert (row.name, row.currency, row.contact_emails, row.status) == (
        "Lac Léman Fiduciaire", "CHF", [team.legal.email], "approved")
    status = team.collaborator.get(f"{team.base}/partner").get_json()
    assert status["name"] == "Lac Léman Fiduciaire" and status["status"] == "approved" and status["approved_at"]
    [event] = emitted("partner.application.approved")
    assert event["actor_id"] == partner.staff.id and event["status"] == "approved"
    approved = smtp_server.to(team.legal.email)[-1]
    assert approved["Subject"] == "Alpine Web AG est désormais partenaire"
    assert partner.staff.post(f"/v1/applications/{body['id']}/rejection", {"reason": "x"}).status_code == 409


def test_pa1_staff_reject_with_a_reason_mailed_to_the_applicant(partner, smtp_server):
    team, body = applied(partner)
    decided = partner.staff.post(f"/v1/applications/{body['id']}/rejection", {"reason": "  The website is empty. "})
    assert decided.status_code == 200 and decided.get_json()["reason"] == "The website is empty."
    [event] = emitted("partner.application.rejected")
    assert event["reason"] == "The website is empty." and event["status"] == "rejected"
    assert "The website is empty." in smtp_server.to(team.legal.email)[-1].get_content()
    assert Partner.select().count() == 0
    assert partner.staff.post(f"/v1/applications/{body['id']}/approval", {}).status_code == 409


def test_staff_list_applications_by_status_in_pages(partner, clock):
    ids = [applied(partner)[1]["id"] for _ in range(3)]
    partner.staff.post(f"/v1/applications/{ids[0]}/rejection", {"reason": "no"})
    first = partner.staff.get("/v1/applications?status=pending&limit=1").get_json()
    second = partner.staff.get(f"/v1/applications?status=pending&limit=1&cursor={first['next_cursor']}").get_json()
    assert [a["id"] for a in first["items"] + second["items"]] == [ids[2], ids[1]] and second["next_cursor"] is None
    assert [a["id"] for a in partner.staff.get("/v1/applications").get_json()["items"]] == ids[::-1]
    assert partner.staff.get(f"/v1/applications/{uuid.uuid4()}").status_code == 404


def test_staff_endpoints_refuse_a_token_without_the_staff_scope(partner):
    team, body = applied(partner)
    calls = [("get", "/v1/applications", None), ("get", f"/v1/applications/{body['id']}", None),
             ("post", f"/v1/applications/{body['id']}/approval", {}),
             ("post", f"/v1/applications/{body['id']}/rejection", {"reason": "no"})]
    for method, path, json in calls:
        response = team.legal.call(method, path, json)
        assert response.status_code == 403 and response.get_json()["required_scope"] == "staff", path
    assert Application.get_by_id(body["id"]).status == "pending"


def test_pa5_partners_are_found_by_name_or_legal_representatives_email(partner):
    found = {}
    for name in ("Alpine Web", "Alpine 100% Digital", "Lac Léman"):
        team = partner.team(name=name)
        body = apply(team).get_json()
        partner.staff.post(f"/v1/applications/{body['id']}/approval", {})
        found[name] = team
    applied(partner)  # pending: not a partner
    search = found["Lac Léman"].outsider

    def names(q):
        response = search.get("/v1/partners", query_string={"q": q})
        assert response.status_code == 200, response.get_json()
        return [p["name"] for p in response.get_json()]

    assert names("alpine") == ["Alpine 100% Digital", "Alpine Web"]
    assert names("0%") == ["Alpine 100% Digital"] and names("__") == []  # wildcards are plain text
    assert names(found["Lac Léman"].legal.email.upper()) == ["Lac Léman"]
    assert names(found["Lac Léman"].admin.email) == []  # only legal representatives' emails
    assert search.get("/v1/partners", query_string={"q": "a"}).status_code == 422
    [one] = search.get("/v1/partners", query_string={"q": "web"}).get_json()
    assert one == {"organization_id": found["Alpine Web"].org, "name": "Alpine Web", "currency": "CHF"}


def test_an_application_is_created_once_per_idempotency_key(partner):
    team = partner.team()
    headers = {"Idempotency-Key": "apply-1"}
    first = team.legal.post(f"{team.base}/application", application(), headers=headers)
    again = team.legal.post(f"{team.base}/application", application(), headers=headers)
    assert first.status_code == again.status_code == 201 and again.headers["Idempotent-Replayed"] == "true"
    assert again.get_json()["id"] == first.get_json()["id"] and Application.select().count() == 1


@pytest.mark.parametrize("body", [
    {}, {"legal_name": "Alpine"},
    application(website="http://alpine-web.example"), application(website="not a url"),
    application(register_country="che"), application(register_country="C"), application(accept_conditions="yes"),
    application(legal_name=""), application(legal_name="x" * 201), application(extra=1),
    application(register_number="1" * 61), application(legal_name="Alpine\x00"), application(conditions_version=None),
])
def test_bad_input_to_apply_is_refused_and_writes_nothing(partner, body):
    team = partner.team()
    response = team.legal.post(f"{team.base}/application", body)
    assert response.status_code == 422, response.get_json()
    assert Application.select().count() == 0


@pytest.mark.parametrize("path, body", [("rejection", {}), ("rejection", {"reason": "   "}),
                                        ("rejection", {"reason": "x" * 1001}), ("rejection", {"reason": 5}),
                                        ("approval", {"note": "x"}), ("rejection", {"reason": "no", "extra": 1})])
def test_bad_input_to_staffs_decisions_is_refused_and_writes_nothing(partner, path, body):
    _, applied_body = applied(partner)
    response = partner.staff.post(f"/v1/applications/{applied_body['id']}/{path}", body)
    assert response.status_code == 422, response.get_json()
    assert Application.get_by_id(applied_body["id"]).status == "pending"


def test_malformed_json_is_a_400(partner):
    team = partner.team()
    response = team.legal.call("post", f"{team.base}/application", data=b"{", content_type="application/json")
    assert response.status_code == 400


def cli(partner, capsys, *argv):
    """`python -m services.partner applications ...` as the operator runs it, on the test's databases."""
    parser = argparse.ArgumentParser()
    COMMANDS["applications"].arguments(parser)
    status = COMMANDS["applications"](partner.app.config, parser.parse_args(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_pa1_operators_list_approve_and_reject_applications_from_the_command_line(partner, smtp_server, capsys):
    first_team, first = applied(partner)
    second_team, second = applied(partner)
    status, out, err = cli(partner, capsys, "list", "--status", "pending")
    assert status == 0 and [json.loads(line)["id"] for line in out.splitlines()] == [second["id"], first["id"]]
    assert err.strip() == "2 application(s) pending"
    assert cli(partner, capsys, "approve", first["id"])[:2] == (0, f"approved: Alpine Web AG ({first['id']})\n")
    assert Partner.get_by_id(first_team.org).status == "approved"
    assert emitted("partner.application.approved")[0]["actor_id"] is None  # an operator, no account
    assert cli(partner, capsys, "reject", second["id"])[0] == 2  # a reason is required
    status, out, _ = cli(partner, capsys, "reject", second["id"], "--reason", "Register number unknown")
    assert status == 0 and out.startswith("rejected: ")
    assert "Register number unknown" in smtp_server.to(second_team.legal.email)[-1].get_content()
    assert cli(partner, capsys, "approve", second["id"])[0] == 1  # decided already: said on stderr
    assert cli(partner, capsys, "approve", "not-a-uuid")[0] == 2
    assert cli(partner, capsys, "approve", str(uuid.uuid4()))[0] == 1
