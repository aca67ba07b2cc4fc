"""Calls for tenders over HTTP (PA13), against the real orgs (access check, contacts) and identity:
visitors post and verify, clients post for their organization, delivery goes to exactly the matching
opted-in approved partners, partners answer, posters accept or withdraw, the winner confirms the link
request (provider's products only), staff remove, the deadline closes; abuse limits; bad input on
every field; tenant isolation over every path with an id."""
from datetime import datetime, timedelta, timezone

import pytest

from services.common import runs
from services.partner import tenders
from services.partner.models import Link, ScheduledRun, Tender, TenderAnswer, TenderAward, TenderDelivery

from .partner_apps_support import StaffPerson
from .partner_links_served import links_system, mails_to, orgs  # noqa: F401 - fixtures
from .partner_tenders_support import (answer_body, delivered_mails, matching_partner, post_client, post_visitor,
                                      public, tender_body, token_in_mail, visitor_body)

START = datetime(2026, 3, 2, 8, 0, tzinfo=timezone.utc)
RUNS = {run.name: run for run in tenders.RUNS}


@pytest.fixture
def system(links_system, clock):
    clock.set(START)
    links_system.staff = StaffPerson(links_system, "reviewer@partner-portal.example")
    return links_system


def inbox(team):
    response = team.legal.get(f"/v1/partners/{team.org}/tenders")
    assert response.status_code == 200, response.get_json()
    return [item["id"] for item in response.get_json()["items"]]


def answer(team, tender_id, **body):
    return team.legal.post(f"/v1/partners/{team.org}/tenders/{tender_id}/answers", answer_body(**body))


# -- Visitors --------------------------------------------------------------------------------------

def test_pa13_a_visitors_tender_waits_for_its_mailed_link_then_reaches_the_matching_partners(system):
    partner = matching_partner(system)
    posted = public(system, "post", "/v1/tenders", visitor_body())
    assert posted.status_code == 201, posted.get_json()
    assert posted.get_json()["status"] == "unverified" and set(posted.get_json()) == {"id", "status"}
    assert inbox(partner) == [] and delivered_mails(partner.legal.email) == []
    token = token_in_mail("anne@bakery.example")
    tender = Tender.get_by_id(posted.get_json()["id"])
    assert token not in (tender.verification_hash or "")  # stored hashed
    verified = public(system, "post", "/v1/tenders/verify", {"token": token})
    assert verified.status_code == 200, verified.get_json()
    body = verified.get_json()
    assert body["status"] == "open" and body["answers"] == [] and body["award"] is None and body["key"]
    assert Tender.get_by_id(body["id"]).key_hash != body["key"]
    assert inbox(partner) == [body["id"]]
    assert len(delivered_mails(partner.legal.email)) == 1
    assert mails_to(partner.admin.email) == []  # legal representatives only
    verification, (subject, text) = mails_to("anne@bakery.example")  # in the tender's language (fr)
    assert subject == "Votre appel d’offres « A new shop for our bakery » est ouvert"
    assert f"/tenders/{body['id']}?key={body['key']}" in text
    mine = public(system, "get", f"/v1/tenders/{body['id']}", key=body["key"])
    assert mine.status_code == 200 and mine.get_json()["poster_email"] == "anne@bakery.example"
    for key in (None, "", "wrong-key", body["key"] + "x"):
        assert public(system, "get", f"/v1/tenders/{body['id']}", key=key).status_code == 404
    assert public(system, "post", "/v1/tenders/verify", {"token": token}).status_code == 409


def test_pa13_the_verification_link_lasts_48_hours(system, clock):
    matching_partner(system)
    public(system, "post", "/v1/tenders", visitor_body())
    clock.advance(hours=48, minutes=1)
    late = public(system, "post", "/v1/tenders/verify", {"token": token_in_mail("anne@bakery.example")})
    assert late.status_code == 422 and late.get_json()["rule"] == "PA13"
    assert TenderDelivery.select().count() == 0
    unknown = public(system, "post", "/v1/tenders/verify", {"token": "x" * 43})
    assert unknown.status_code == 404


def test_pa13_the_visitor_withdraws_while_open_and_partners_can_no_longer_answer(system):
    partner = matching_partner(system)
    tender, key = post_visitor(system)
    withdrawn = public(system, "post", f"/v1/tenders/{tender['id']}/withdraw", {}, key=key)
    assert withdrawn.status_code == 200 and withdrawn.get_json()["status"] == "withdrawn"
    late = answer(partner, tender["id"])
    assert late.status_code == 422 and late.get_json()["rule"] == "PA13"
    again = public(system, "post", f"/v1/tenders/{tender['id']}/withdraw", {}, key=key)
    assert again.status_code == 422 and again.get_json()["rule"] == "PA13"
    assert public(system, "post", f"/v1/tenders/{tender['id']}/withdraw", {}, key="nope").status_code == 404


# -- Clients ---------------------------------------------------------------------------------------

def test_pa13_a_clients_tender_opens_at_once_and_only_its_managers_post(system, clock):
    partner, client = matching_partner(system), system.client()
    for who, status in ((client.collaborator, 403), (client.outsider, 404), (partner.legal, 404)):
        response = who.post(f"/v1/organizations/{client.org}/tenders", tender_body())
        assert response.status_code == status, response.get_json()
    tender = post_client(client)
    assert tender["status"] == "open" and tender["poster_organization_id"] == client.org
    assert inbox(partner) == [tender["id"]]
    clock.advance(minutes=1)
    admin = client.admin.post(f"/v1/organizations/{client.org}/tenders", tender_body(title="Second"))
    assert admin.status_code == 201
    listed = client.legal.get(f"/v1/organizations/{client.org}/tenders").get_json()["items"]
    assert [t["title"] for t in listed] == ["Second", "A new shop for our bakery"]


def test_pa13_a_partner_posting_a_tender_does_not_receive_its_own(system):
    poster = matching_partner(system, name="Poster Partners")
    other = matching_partner(system, name="Other Partners")
    tender = post_client(poster)
    assert inbox(poster) == [] and inbox(other) == [tender["id"]]


def test_pa13_a_non_matching_partner_never_sees_the_tender(system):
    matching = matching_partner(system)
    german = matching_partner(system, name="Deutsch GmbH", languages=("de",))
    elsewhere = matching_partner(system, name="Geneva SA", region="CH-GE")
    shy = matching_partner(system, name="Shy SA", opt_in=False)
    tender = post_client(system.client())
    assert inbox(matching) == [tender["id"]]
    for team in (german, elsewhere, shy):
        assert inbox(team) == []
        base = f"/v1/partners/{team.org}/tenders/{tender['id']}"
        assert team.legal.get(base).status_code == 404
        assert answer(team, tender["id"]).status_code == 404
        assert team.legal.get(f"{base}/award").status_code == 404
        assert delivered_mails(team.legal.email) == []


# -- Partners --------------------------------------------------------------------------------------

def test_pa13_a_partner_answers_once_while_the_tender_is_open(system, clock):
    partner = matching_partner(system)
    tender = post_client(system.client())
    assert partner.collaborator.post(f"/v1/partners/{partner.org}/tenders/{tender['id']}/answers",
                                     answer_body()).status_code == 403
    first = answer(partner, tender["id"])
    assert first.status_code == 201, first.get_json()
    assert first.get_json()["price"] == {"min": "3000.00", "max": "4000.00", "currency": "CHF"}
    assert first.get_json()["partner_name"] == "Helvetic Partners"
    assert answer(partner, tender["id"]).status_code == 409
    read = partner.admin.get(f"/v1/partners/{partner.org}/tenders/{tender['id']}").get_json()
    assert read["answered"] is True and read["answer"]["id"] == first.get_json()["id"]
    assert "poster_email" not in read and "poster_organization_id" not in read


def test_pa13_past_its_deadline_a_tender_reads_closed_at_once_and_the_daily_run_marks_it(system, clock):
    partner = matching_partner(system)
    tender = post_client(system.client(), deadline=(START.date() + timedelta(days=3)).isoformat())
    clock.advance(days=4)
    read = partner.legal.get(f"/v1/partners/{partner.org}/tenders/{tender['id']}").get_json()
    assert read["status"] == "closed" and Tender.get_by_id(tender["id"]).status == "open"
    late = answer(partner, tender["id"])
    assert late.status_code == 422 and late.get_json()["rule"] == "PA13"
    closed = partner.legal.get(f"/v1/partners/{partner.org}/tenders?status=closed").get_json()["items"]
    assert [t["id"] for t in closed] == [tender["id"]]
    assert partner.legal.get(f"/v1/partners/{partner.org}/tenders?status=open").get_json()["items"] == []
    run = RUNS["tender-deadlines"]
    assert runs.execute(system.app.config, ScheduledRun, run, run.key(clock.today()))["changed"] == 1
    assert Tender.get_by_id(tender["id"]).status == "closed"
    assert runs.execute(system.app.config, ScheduledRun, run, run.key(clock.today())) is None  # once a day


def test_pa13_the_deadline_is_1_to_180_days_ahead(system):
    client = system.client()
    for days in (0, -1, 181):
        body = tender_body(deadline=(START.date() + timedelta(days=days)).isoformat())
        response = client.legal.post(f"/v1/organizations/{client.org}/tenders", body)
        assert response.status_code == 422 and response.get_json()["rule"] == "PA13", days
    for days in (1, 180):
        post_client(client, deadline=(START.date() + timedelta(days=days)).isoformat())


# -- Award -----------------------------------------------------------------------------------------

def test_pa13_the_poster_accepts_one_answer_once_and_the_others_are_told(system):
    winner, loser = matching_partner(system), matching_partner(system, name="Runner-up SA")
    client = system.client()
    tender = post_client(client)
    won = answer(winner, tender["id"]).get_json()
    answer(loser, tender["id"], message="Cheaper and faster.")
    base = f"/v1/organizations/{client.org}/tenders/{tender['id']}"
    read = client.legal.get(base).get_json()
    assert {a["partner_name"] for a in read["answers"]} == {"Helvetic Partners", "Runner-up SA"}
    assert all(a["partner_slug"] for a in read["answers"])
    assert client.collaborator.post(f"{base}/accept", {"answer_id": won["id"]}).status_code == 403
    accepted = client.legal.post(f"{base}/accept", {"answer_id": won["id"]})
    assert accepted.status_code == 200, accepted.get_json()
    body = accepted.get_json()
    assert body["status"] == "awarded" and body["award"]["answer_id"] == won["id"]
    assert body["award"]["client_organization_id"] == client.org and body["award"]["products"] == ["domain", "hosting"]
    assert client.legal.post(f"{base}/accept", {"answer_id": won["id"]}).status_code == 409
    withdraw = client.legal.post(f"{base}/withdraw", {})
    assert withdraw.status_code == 422 and withdraw.get_json()["rule"] == "PA13"
    assert any("You won" in subject for subject, _ in mails_to(winner.legal.email))
    assert any("was awarded" in subject for subject, _ in mails_to(loser.legal.email))
    assert not any("You won" in subject for subject, _ in mails_to(loser.legal.email))
    award = winner.legal.get(f"/v1/partners/{winner.org}/tenders/{tender['id']}/award")
    assert award.status_code == 200 and award.get_json()["link_id"] is None
    assert loser.legal.get(f"/v1/partners/{loser.org}/tenders/{tender['id']}/award").status_code == 404
    assert answer(loser, tender["id"]).status_code in (409, 422)


def test_pa13_an_answer_of_another_tender_cannot_be_accepted(system):
    partner, client = matching_partner(system), system.client()
    first, second = post_client(client), post_client(client, title="Another")
    other = answer(partner, second["id"]).get_json()
    response = client.legal.post(f"/v1/organizations/{client.org}/tenders/{first['id']}/accept",
                                 {"answer_id": other["id"]})
    assert response.status_code == 404 and Tender.get_by_id(first["id"]).status == "open"


def test_pa13_the_winner_confirms_provider_products_only_and_the_link_request_reaches_the_client(system):
    partner, client = matching_partner(system), system.client()
    tender = post_client(client)
    won = answer(partner, tender["id"]).get_json()
    client.legal.post(f"/v1/organizations/{client.org}/tenders/{tender['id']}/accept", {"answer_id": won["id"]})
    url = f"/v1/partners/{partner.org}/tenders/{tender['id']}/award/confirm"
    for body in ({}, {"provider_products_only": False}):
        refused = partner.legal.post(url, body)
        assert refused.status_code == 422 and refused.get_json()["rule"] == "PA13", body
    assert partner.admin.post(url, {"provider_products_only": True}).status_code == 403  # PA4: legal representatives
    confirmed = partner.legal.post(url, {"provider_products_only": True})
    assert confirmed.status_code == 201, confirmed.get_json()
    link = confirmed.get_json()
    assert (link["status"], link["initiated_by"], link["client_organization_id"]) == ("pending", "partner", client.org)
    assert link["requested"]["scope"] == "full" and link["requested"]["payer"] == "client"
    seen = client.legal.get(f"/v1/clients/{client.org}/links").get_json()["items"]
    assert [item["id"] for item in seen] == [link["id"]]
    award = TenderAward.get(TenderAward.tender == tender["id"])
    assert (award.provider_products_only, str(award.confirmed_by), str(award.link_id)) == (
        True, partner.legal.id, link["id"])
    assert partner.legal.post(url, {"provider_products_only": True}).status_code == 409
    assert Link.select().count() == 1


def test_pa13_a_visitors_award_requests_the_link_by_the_posters_email(system):
    partner = matching_partner(system)
    client = system.client()  # the visitor is the legal representative of an organization
    tender, key = post_visitor(system, email=client.legal.email)
    won = answer(partner, tender["id"]).get_json()
    accepted = public(system, "post", f"/v1/tenders/{tender['id']}/accept", {"answer_id": won["id"]}, key=key)
    assert accepted.status_code == 200 and accepted.get_json()["award"]["client_email"] == client.legal.email
    confirmed = partner.legal.post(f"/v1/partners/{partner.org}/tenders/{tender['id']}/award/confirm",
                                   {"provider_products_only": True})
    assert confirmed.status_code == 201, confirmed.get_json()
    assert confirmed.get_json()["client_organization_id"] == client.org


def test_pa13_a_visitor_without_an_organization_is_invited_with_a_new_client_organization(system):
    """PA4's new client organization: the verified poster becomes its invited legal representative."""
    partner = matching_partner(system)
    tender, key = post_visitor(system, email="nora.brun@nowhere.example")
    won = answer(partner, tender["id"]).get_json()
    assert public(system, "post", f"/v1/tenders/{tender['id']}/accept", {"answer_id": won["id"]},
                  key=key).status_code == 200
    confirmed = partner.legal.post(f"/v1/partners/{partner.org}/tenders/{tender['id']}/award/confirm",
                                   {"provider_products_only": True})
    assert confirmed.status_code == 201, confirmed.get_json()
    link = Link.get_by_id(confirmed.get_json()["id"])
    assert (link.created_client, link.invited_email, link.status) == (True, "nora.brun@nowhere.example", "pending")


# -- Abuse -----------------------------------------------------------------------------------------

def test_pa13_postings_are_limited_per_email_and_per_address_with_retry_after(system, clock):
    system.app.config.update(TENDER_LIMIT_PER_EMAIL=2, TENDER_LIMIT_PER_IP=3)
    for _ in range(2):
        assert public(system, "post", "/v1/tenders", visitor_body("spam@example.ch")).status_code == 201
    limited = public(system, "post", "/v1/tenders", visitor_body("SPAM@example.ch"))
    assert limited.status_code == 429 and limited.mimetype == "application/problem+json"
    assert int(limited.headers["Retry-After"]) == 16 * 3600  # until midnight UTC
    assert public(system, "post", "/v1/tenders", visitor_body("other@example.ch")).status_code == 201  # 3rd from IP
    by_ip = public(system, "post", "/v1/tenders", visitor_body("third@example.ch"))
    assert by_ip.status_code == 429
    assert public(system, "post", "/v1/tenders", visitor_body("third@example.ch"), ip="198.51.100.7").status_code == 201
    verify = public(system, "post", "/v1/tenders/verify", {"token": token_in_mail("other@example.ch")})
    assert verify.status_code == 429  # verifying counts too
    assert Tender.select().count() == 4
    clock.advance(days=1)
    assert public(system, "post", "/v1/tenders", visitor_body("spam@example.ch")).status_code == 201
    run = RUNS["tender-limits-purge"]
    clock.advance(days=2)
    assert runs.execute(system.app.config, ScheduledRun, run, run.key(clock.today()))["changed"] == 1


def test_pa13_the_address_limited_is_the_visitors_when_the_portal_forwards_it(system):
    """The portal speaks for every visitor: its X-Forwarded-For names each one (TRUSTED_PROXIES),
    so visitors do not share its limit; an untrusted caller's header is ignored."""
    system.app.config.update(TENDER_LIMIT_PER_IP=1, TRUSTED_PROXIES="127.0.0.0/8")

    def through(caller, visitor, email):
        return system.app.test_client().post("/v1/tenders", json=visitor_body(email),
                                             headers={"X-Forwarded-For": f"203.0.113.9, {visitor}"},
                                             environ_base={"REMOTE_ADDR": caller})

    assert through("127.0.0.1", "198.51.100.1", "a@example.ch").status_code == 201
    assert through("127.0.0.1", "198.51.100.2", "b@example.ch").status_code == 201
    assert through("127.0.0.1", "198.51.100.1", "c@example.ch").status_code == 429
    assert through("192.0.2.50", "198.51.100.3", "d@example.ch").status_code == 201  # counted as 192.0.2.50
    assert through("192.0.2.50", "198.51.100.4", "e@example.ch").status_code == 429


# -- Staff -----------------------------------------------------------------------------------------

def test_pa13_staff_remove_a_tender_from_every_inbox(system):
    partner, client = matching_partner(system), system.client()
    tender = post_client(client)
    answer(partner, tender["id"])
    url = f"/v1/staff/tenders/{tender['id']}/remove"
    assert partner.legal.post(url, {"reason": "Spam"}).status_code == 403
    assert system.staff.post(url, {}).status_code == 422
    listed = system.staff.get("/v1/staff/tenders").get_json()["items"]
    assert [t["id"] for t in listed] == [tender["id"]]
    removed = system.staff.post(url, {"reason": "Advertising, not a call for tenders"})
    assert removed.status_code == 200 and removed.get_json()["status"] == "removed"
    assert removed.get_json()["removal_reason"] == "Advertising, not a call for tenders"
    assert inbox(partner) == []
    assert partner.legal.get(f"/v1/partners/{partner.org}/tenders/{tender['id']}").status_code == 404
    assert system.staff.post(url, {"reason": "again"}).status_code == 409
    poster = client.legal.get(f"/v1/organizations/{client.org}/tenders/{tender['id']}").get_json()
    assert poster["status"] == "removed"
    assert system.staff.get("/v1/staff/tenders?status=removed").get_json()["items"][0]["id"] == tender["id"]
    assert system.staff.post(f"/v1/staff/tenders/{tender['id'][:-4]}0000/remove", {"reason": "x"}).status_code == 404


# -- Bad input -------------------------------------------------------------------------------------

BAD_TENDER = [("title", ""), ("title", "x" * 121), ("title", 5), ("needs", "too short"), ("needs", "x" * 4001),
              ("products", []), ("products", ["toaster"]), ("products", "hosting"), ("speciality", "plumbing"),
              ("budget", {"min": "10.00", "max": "5.00", "currency": "CHF"}),
              ("budget", {"min": "0", "max": "5.00", "currency": "CHF"}),
              ("budget", {"min": "1.001", "max": "5.00", "currency": "CHF"}),
              ("budget", {"min": "1.00", "max": "5.00", "currency": "USD"}),
              ("budget", {"min": 1, "max": 5, "currency": "CHF"}), ("budget", {"min": "1.00", "currency": "CHF"}),
              ("budget", {"min": "1.00", "max": "5.00", "currency": "CHF", "extra": 1}),
              ("region", "CH"), ("region", "XX-YY"), ("language", "pt"), ("deadline", "tomorrow"),
              ("deadline", "2026-02-30"), ("deadline", None), ("unknown", "field")]
BAD_VISITOR = [("email", "not-an-email"), ("email", ""), ("name", ""), ("name", "x" * 201)]


def test_pa13_bad_input_on_every_field_of_a_tender(system):
    client = system.client()
    for field, value in BAD_TENDER + BAD_VISITOR:
        body = visitor_body()
        body[field] = value
        response = public(system, "post", "/v1/tenders", body)
        assert response.status_code == 422, (field, value, response.get_json())
        if (field, value) in BAD_TENDER:
            body = {**tender_body(), field: value}
            response = client.legal.post(f"/v1/organizations/{client.org}/tenders", body)
            assert response.status_code == 422, (field, value, response.get_json())
    for missing in ("title", "needs", "products", "speciality", "budget", "region", "language", "deadline",
                    "email", "name"):
        body = visitor_body()
        del body[missing]
        assert public(system, "post", "/v1/tenders", body).status_code == 422, missing
    assert Tender.select().count() == 0


def test_pa13_bad_input_on_answers_accept_confirm_verify_and_removal(system):
    partner, client = matching_partner(system), system.client()
    tender = post_client(client)
    base = f"/v1/partners/{partner.org}/tenders/{tender['id']}"
    for body in ({"message": ""}, {"message": "x" * 4001}, {"price": {"min": "5", "max": "1", "currency": "CHF"}},
                 {"price": {"min": "-5", "max": "1", "currency": "CHF"}}, {"price": None}, {"extra": True}):
        assert partner.legal.post(f"{base}/answers", {**answer_body(), **body}).status_code == 422, body
    assert partner.legal.post(f"{base}/answers", {"message": "Only a message"}).status_code == 422
    accept = f"/v1/organizations/{client.org}/tenders/{tender['id']}/accept"
    for body in ({}, {"answer_id": "nope"}, {"answer_id": None}):
        assert client.legal.post(accept, body).status_code == 422, body
    assert partner.legal.post(f"{base}/award/confirm", {"provider_products_only": "yes"}).status_code == 422
    for body in ({}, {"token": ""}, {"token": 5}, {"token": "x" * 101}):
        assert public(system, "post", "/v1/tenders/verify", body).status_code == 422, body
    assert system.staff.post(f"/v1/staff/tenders/{tender['id']}/remove", {"reason": "x" * 501}).status_code == 422
    assert partner.legal.get(f"/v1/partners/{partner.org}/tenders?status=nonsense").status_code == 422
    assert TenderAnswer.select().count() == 0


# -- Tenant isolation ------------------------------------------------------------------------------

def test_pa13_every_tender_path_with_an_id_is_404_to_another_organization(system):
    partner, client = matching_partner(system), system.client()
    tender = post_client(client)
    won = answer(partner, tender["id"]).get_json()
    visitor, key = post_visitor(system)
    spy = matching_partner(system, name="Spy Partners", languages=("de",))  # receives neither
    spy_client = system.client(name="Spy Client")
    before = (Tender.select().count(), TenderAnswer.select().count(), TenderAward.select().count())
    paths = [
        ("get", f"/v1/partners/{partner.org}/tenders", None),
        ("get", f"/v1/partners/{partner.org}/tenders/{tender['id']}", None),
        ("post", f"/v1/partners/{partner.org}/tenders/{tender['id']}/answers", answer_body()),
        ("get", f"/v1/partners/{partner.org}/tenders/{tender['id']}/award", None),
        ("post", f"/v1/partners/{partner.org}/tenders/{tender['id']}/award/confirm", {"provider_products_only": True}),
        ("get", f"/v1/organizations/{client.org}/tenders", None),
        ("post", f"/v1/organizations/{client.org}/tenders", tender_body()),
        ("get", f"/v1/organizations/{client.org}/tenders/{tender['id']}", None),
        ("post", f"/v1/organizations/{client.org}/tenders/{tender['id']}/accept", {"answer_id": won["id"]}),
        ("post", f"/v1/organizations/{client.org}/tenders/{tender['id']}/withdraw", {}),
        # the victims' ids inside the attacker's own organizations
        ("get", f"/v1/partners/{spy.org}/tenders/{tender['id']}", None),
        ("post", f"/v1/partners/{spy.org}/tenders/{tender['id']}/answers", answer_body()),
        ("get", f"/v1/partners/{spy.org}/tenders/{tender['id']}/award", None),
        ("get", f"/v1/organizations/{spy_client.org}/tenders/{tender['id']}", None),
        ("post", f"/v1/organizations/{spy_client.org}/tenders/{tender['id']}/accept", {"answer_id": won["id"]}),
        ("post", f"/v1/organizations/{spy_client.org}/tenders/{tender['id']}/withdraw", {}),
        ("get", f"/v1/organizations/{spy_client.org}/tenders/{visitor['id']}", None),
    ]
    for attacker in (spy.legal, spy_client.legal):
        for method, path, body in paths:
            if f"/{attacker.system and spy.org}/" in path and attacker is spy_client.legal:
                continue
            if f"/{spy_client.org}/" in path and attacker is spy.legal:
                continue
            response = attacker.call(method, path, body)
            assert response.status_code == 404, (method, path, response.get_json())
    # A visitor's tender: only its key opens it (another visitor's key, a client's token: 404).
    _, other_key = post_visitor(system, email="other@visitor.example")
    for path, body in ((f"/v1/tenders/{visitor['id']}", None), (f"/v1/tenders/{visitor['id']}/withdraw", {}),
                       (f"/v1/tenders/{visitor['id']}/accept", {"answer_id": won["id"]})):
        method = "get" if body is None else "post"
        assert public(system, method, path, body, key=other_key).status_code == 404
        assert spy_client.legal.call(method, path, body).status_code == 404
        assert public(system, method, path.replace(visitor["id"], tender["id"]), body, key=key).status_code == 404
    assert (Tender.select().count() - 1, TenderAnswer.select().count(), TenderAward.select().count()) == before
    assert Tender.get_by_id(tender["id"]).status == "open"
