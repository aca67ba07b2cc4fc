"""Partner-client links over HTTP (PA4, PA5, PA8, PX1), against the real orgs (its access check,
organizations and contacts) and identity: each rule under its id, tenant isolation, events with
increasing versions, mails, bad input."""
from datetime import datetime, timedelta, timezone

import pytest

from services.partner.models import Link, OutboxEvent

from .partner_links_served import (FULL, FULL_BILLING, emitted, links_system, mails_to, new_product,  # noqa: F401
                                   orgs, request_body, scope_limited)


def iso(moment):
    return moment.astimezone(timezone.utc).isoformat()


def request(system, partner, client, **body):
    response = partner.legal.post(f"/v1/partners/{partner.org}/links", request_body(client.org, **body))
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def approve(client, link, body=None):
    response = client.legal.post(f"/v1/clients/{client.org}/links/{link['id']}/approval", body or {})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def active_link(system, partner=None, client=None, **body):
    partner, client = partner or system.partner(), client or system.client()
    return partner, client, approve(client, request(system, partner, client, **body))


# -- PA4: the partner asks ----------------------------------------------------------------------

def test_pa4_only_legal_representatives_add_clients(links_system):
    partner, client = links_system.partner(), links_system.client()
    for who, status in ((partner.admin, 403), (partner.collaborator, 403), (partner.outsider, 404),
                        (client.legal, 404)):  # members without the right: 403; strangers learn nothing: 404
        response = who.post(f"/v1/partners/{partner.org}/links", request_body(client.org))
        assert response.status_code == status, response.get_json()
    assert Link.select().count() == 0


def test_pa4_only_an_approved_partner_adds_clients(links_system):
    applicant, client = links_system.partner(approved=False), links_system.client()
    response = applicant.legal.post(f"/v1/partners/{applicant.org}/links", request_body(client.org))
    assert response.status_code == 422 and response.get_json()["rule"] == "PA4"
    assert Link.select().count() == 0 and OutboxEvent.select().count() == 0


def test_pa4_a_request_is_pending_30_days_and_mails_the_clients_legal_representatives(links_system, clock):
    clock.set(datetime(2026, 3, 1, 9, 0, tzinfo=timezone.utc))
    partner, client = links_system.partner(), links_system.client()
    link = request(links_system, partner, client, scope=scope_limited(new_product()))
    assert link["status"] == "pending" and link["initiated_by"] == "partner"
    assert link["partner_name"] == "Helvetic Partners" and link["client_name"] == "Bergbahnen AG"
    assert link["request_expires_at"].startswith("2026-03-31T09:00:00")
    assert link["scope"] is None and link["requested"]["scope"] == "limited"
    [event] = emitted("partner.link.")
    assert (event["type"], event["version"], event["status"], event["side"]) == (
        "partner.link.requested", 1, "pending", "partner")
    [(subject, text)] = mails_to(client.legal.email)
    assert "Helvetic Partners" in subject and "Bergbahnen AG" in text
    assert mails_to(client.admin.email) == []  # legal representatives only


def test_pa4_an_unknown_organization_is_not_found(links_system):
    partner = links_system.partner()
    response = partner.legal.post(f"/v1/partners/{partner.org}/links",
                                  request_body("00000000-0000-4000-8000-000000000000"))
    assert response.status_code == 404


def test_pa4_a_partner_cannot_be_its_own_client(links_system):
    partner = links_system.partner()
    response = partner.legal.post(f"/v1/partners/{partner.org}/links", request_body(partner.org))
    assert response.status_code == 422 and response.get_json()["rule"] == "PA4"


def test_pa4_at_most_one_pending_or_active_link_per_pair(links_system):
    partner, client = links_system.partner(), links_system.client()
    link = request(links_system, partner, client)
    again = partner.legal.post(f"/v1/partners/{partner.org}/links", request_body(client.org))
    assert again.status_code == 409
    mine = client.legal.post(f"/v1/clients/{client.org}/links",
                             {"partner_organization_id": partner.org, "scope": FULL, "payer": "client"})
    assert mine.status_code == 409
    partner.legal.post(f"/v1/partners/{partner.org}/links/{link['id']}/withdrawal", {})
    assert request(links_system, partner, client)["status"] == "pending"  # a closed link is no obstacle


def test_pa4_resending_restarts_the_30_days(links_system, clock):
    clock.set(datetime(2026, 3, 1, tzinfo=timezone.utc))
    partner, client = links_system.partner(), links_system.client()
    link = request(links_system, partner, client)
    clock.advance(days=20)
    response = partner.legal.post(f"/v1/partners/{partner.org}/links/{link['id']}/resend", {})
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["request_expires_at"].startswith("2026-04-20")
    assert [e["type"] for e in emitted("partner.link.")] == ["partner.link.requested", "partner.link.resent"]
    assert len(mails_to(client.legal.email)) == 2
    assert partner.admin.post(f"/v1/partners/{partner.org}/links/{link['id']}/resend", {}).status_code == 403


def test_pa4_withdrawing_closes_the_request_once(links_system):
    partner, client = links_system.partner(), links_system.client()
    link = request(links_system, partner, client)
    url = f"/v1/partners/{partner.org}/links/{link['id']}"
    withdrawn = partner.legal.post(f"{url}/withdrawal", {}).get_json()
    assert (withdrawn["status"], withdrawn["closed_side"]) == ("withdrawn", "partner")
    for step in ("withdrawal", "resend"):
        again = partner.legal.post(f"{url}/{step}", {})
        assert again.status_code == 422 and again.get_json()["rule"] == "PA4"
    approval = client.legal.post(f"/v1/clients/{client.org}/links/{link['id']}/approval", {})
    assert approval.status_code == 422 and approval.get_json()["rule"] == "PA4"


def test_pa4_a_request_past_its_30_days_cannot_be_approved_even_before_the_run(links_system, clock):
    clock.set(datetime(2026, 3, 1, tzinfo=timezone.utc))
    partner, client = links_system.partner(), links_system.client()
    link = request(links_system, partner, client)
    clock.advance(days=30, seconds=1)
    response = client.legal.post(f"/v1/clients/{client.org}/links/{link['id']}/approval", {})
    assert response.status_code == 422 and response.get_json()["rule"] == "PA4"
    assert Link.get_by_id(link["id"]).status == "pending"


def test_pa4_a_repeated_idempotency_key_creates_one_request(links_system):
    partner, client = links_system.partner(), links_system.client()
    headers = {"Idempotency-Key": "add-bergbahnen-1"}
    first = partner.legal.post(f"/v1/partners/{partner.org}/links", request_body(client.org), headers=headers)
    again = partner.legal.post(f"/v1/partners/{partner.org}/links", request_body(client.org), headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true" and again.get_json()["id"] == first.get_json()["id"]
    assert Link.select().count() == 1


def _orgs_has(system, path):
    return any(rule.rule == path for rule in system.orgs_app.url_map.iter_rules())


def test_pa4_a_request_by_the_legal_representatives_email(links_system):
    from services.orgs.schemas import OrganizationQuery
    if "legal_representative_email" not in OrganizationQuery().fields:
        pytest.skip("orgs' lookup by legal representative email comes with the orgs helper's branch (p-orgs)")
    partner, client = links_system.partner(), links_system.client()
    response = partner.legal.post(f"/v1/partners/{partner.org}/links",
                                  {"client": {"email": client.legal.email.upper()}, "scope": FULL, "payer": "client"})
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["client_organization_id"] == client.org
    unknown = partner.legal.post(f"/v1/partners/{partner.org}/links",
                                 {"client": {"email": "nobody@example.ch"}, "scope": FULL, "payer": "client"})
    assert unknown.status_code == 404


def test_pa4_a_request_creating_the_client_organization(links_system):
    if not _orgs_has(links_system, "/v1/client-organizations"):
        pytest.skip("orgs' POST /v1/client-organizations comes with the orgs helper's branch (p-orgs)")
    partner = links_system.partner()
    new = {"name": "Neue Kunden GmbH", "kind": "company", "currency": "CHF",
           "legal_representative": {"email": "Chef@neue-kunden.example", "first_name": "Karl", "last_name": "Chef",
                                    "language": "de"}}
    response = partner.legal.post(f"/v1/partners/{partner.org}/links",
                                  {"client": {"new_organization": new}, "scope": FULL, "payer": "client"})
    assert response.status_code == 201, response.get_json()
    link = Link.get_by_id(response.get_json()["id"])
    assert link.created_client and link.invited_email == "chef@neue-kunden.example"
    assert response.get_json()["client_name"] == "Neue Kunden GmbH"
    [(subject, _text)] = mails_to("Chef@neue-kunden.example")
    assert "Helvetic Partners" in subject


# -- PA5: the client answers or authorizes ---------------------------------------------------

def test_pa5_the_client_approves_with_the_scope_asked(links_system):
    product = new_product()
    partner, client, link = active_link(links_system, scope=scope_limited(product, statistics=True))
    assert link["status"] == "active" and link["scope"] == "limited"
    assert link["products"] == {product: {"technical": True, "statistics": True}} and link["approved_at"]
    events = emitted("partner.link.")
    assert [(e["type"], e["version"]) for e in events] == [("partner.link.requested", 1), ("partner.link.approved", 2)]
    assert events[-1]["scope"] == "limited" and events[-1]["side"] == "client"
    assert any("authorized" in subject for subject, _ in mails_to(partner.legal.email))


def test_pa5_the_client_approves_with_another_scope(links_system):
    partner, client = links_system.partner(), links_system.client()
    link = request(links_system, partner, client, scope=FULL_BILLING, payer="partner")
    product = new_product()
    approved = approve(client, link, {"scope": scope_limited(product, technical=False, statistics=True)})
    assert approved["scope"] == "limited" and approved["billing"] is False
    assert approved["payer"] == "client"  # PA8: limited access, so the client pays whatever was asked
    assert approved["requested"]["scope"] == "full" and approved["requested"]["payer"] == "partner"


def test_pa5_only_the_clients_legal_representative_approves_declines_and_changes(links_system):
    partner, client = links_system.partner(), links_system.client()
    link = request(links_system, partner, client)
    base = f"/v1/clients/{client.org}/links/{link['id']}"
    for who in (client.admin, client.collaborator, partner.legal):
        assert who.post(f"{base}/approval", {}).status_code in (403, 404)
        assert who.post(f"{base}/decline", {}).status_code in (403, 404)
    approve(client, link)
    for who in (client.admin, client.collaborator):
        assert who.put(f"{base}/scope", FULL).status_code == 403
        assert who.put(f"{base}/payer", {"payer": "client"}).status_code == 403
        assert who.put(f"{base}/end", {"ends_at": None, "auto_extend": False}).status_code == 403
    assert client.admin.get(base).status_code == 200  # reading: its managers too
    assert client.collaborator.get(base).status_code == 403


def test_pa5_the_client_declines_and_the_partner_is_mailed(links_system):
    partner, client = links_system.partner(), links_system.client()
    link = request(links_system, partner, client)
    response = client.legal.post(f"/v1/clients/{client.org}/links/{link['id']}/decline", {})
    assert response.status_code == 200 and response.get_json()["status"] == "declined"
    assert response.get_json()["closed_side"] == "client"
    assert any("declined" in subject for subject, _ in mails_to(partner.legal.email))
    again = client.legal.post(f"/v1/clients/{client.org}/links/{link['id']}/decline", {})
    assert again.status_code == 422 and again.get_json()["rule"] == "PA5"


def test_pa5_the_client_authorizes_an_approved_partner_on_its_own_initiative(links_system):
    partner, client = links_system.partner(), links_system.client()
    response = client.legal.post(f"/v1/clients/{client.org}/links", {
        "partner_organization_id": partner.org, "scope": FULL_BILLING, "payer": "partner", "auto_extend": True})
    assert response.status_code == 201, response.get_json()
    link = response.get_json()
    assert (link["status"], link["initiated_by"], link["billing"], link["payer"]) == ("active", "client", True,
                                                                                      "partner")
    [event] = emitted("partner.link.")
    assert (event["type"], event["version"], event["status"]) == ("partner.link.approved", 1, "active")
    assert mails_to(partner.legal.email)
    applicant = links_system.partner(name="Not Yet", approved=False)
    refused = client.legal.post(f"/v1/clients/{client.org}/links",
                                {"partner_organization_id": applicant.org, "scope": FULL, "payer": "client"})
    assert refused.status_code == 404
    assert client.admin.post(f"/v1/clients/{client.org}/links", {
        "partner_organization_id": partner.org, "scope": FULL, "payer": "client"}).status_code == 403


@pytest.mark.parametrize("scope", [
    {"scope": "limited"},
    {"scope": "limited", "products": {}},
    {"scope": "limited", "products": {"7b0c6a7e-1111-4111-8111-111111111111": {"technical": True,
                                                                                "statistics": False}},
     "billing": True},
    {"scope": "limited", "products": {"7b0c6a7e-1111-4111-8111-111111111111": {"technical": False,
                                                                                "statistics": False}}},
    {"scope": "full", "products": {"7b0c6a7e-1111-4111-8111-111111111111": {"technical": True,
                                                                             "statistics": True}}},
])
def test_pa5_a_scope_is_limited_with_products_and_rights_or_full(links_system, scope):
    partner, client = links_system.partner(), links_system.client()
    response = partner.legal.post(f"/v1/partners/{partner.org}/links", request_body(client.org, scope=scope))
    assert response.status_code == 422 and response.get_json()["rule"] == "PA5", response.get_json()
    assert Link.select().count() == 0


def test_pa5_the_client_changes_the_scope_at_any_time_and_the_partner_is_mailed(links_system):
    partner, client, link = active_link(links_system, scope=FULL_BILLING, payer="partner")
    product = new_product()
    response = client.legal.put(f"/v1/clients/{client.org}/links/{link['id']}/scope", scope_limited(product))
    assert response.status_code == 200, response.get_json()
    changed = response.get_json()
    assert (changed["scope"], changed["billing"], changed["payer"]) == ("limited", False, "client")  # PA8
    event = emitted("partner.link.")[-1]
    assert (event["type"], event["version"], event["payer"]) == ("partner.link.scope_changed", 3, "client")
    assert any("changed" in subject for subject, _ in mails_to(partner.legal.email))
    assert partner.legal.put(f"/v1/clients/{client.org}/links/{link['id']}/scope", FULL).status_code == 404  # no delegation fed to orgs here: a stranger


def test_pa5_a_pending_link_is_not_changed(links_system):
    partner, client = links_system.partner(), links_system.client()
    link = request(links_system, partner, client)
    response = client.legal.put(f"/v1/clients/{client.org}/links/{link['id']}/scope", FULL)
    assert response.status_code == 422 and response.get_json()["rule"] == "PA5"


# -- PA8: who pays ------------------------------------------------------------------------------

def test_pa8_the_partner_pays_only_with_full_access(links_system):
    partner, client = links_system.partner(), links_system.client()
    limited = scope_limited(new_product())
    response = partner.legal.post(f"/v1/partners/{partner.org}/links",
                                  request_body(client.org, scope=limited, payer="partner"))
    assert response.status_code == 422 and response.get_json()["rule"] == "PA8"
    authorized = client.legal.post(f"/v1/clients/{client.org}/links",
                                   {"partner_organization_id": partner.org, "scope": limited, "payer": "partner"})
    assert authorized.status_code == 422 and authorized.get_json()["rule"] == "PA8"
    link = request(links_system, partner, client, scope=FULL)
    refused = client.legal.post(f"/v1/clients/{client.org}/links/{link['id']}/approval",
                                {"scope": limited, "payer": "partner"})
    assert refused.status_code == 422 and refused.get_json()["rule"] == "PA8"
    link = approve(client, link, {"scope": limited})
    switch = client.legal.put(f"/v1/clients/{client.org}/links/{link['id']}/payer", {"payer": "partner"})
    assert switch.status_code == 422 and switch.get_json()["rule"] == "PA8"


def test_pa8_the_client_switches_who_pays_and_the_partner_is_mailed(links_system):
    partner, client, link = active_link(links_system, scope=FULL)
    response = client.legal.put(f"/v1/clients/{client.org}/links/{link['id']}/payer", {"payer": "partner"})
    assert response.status_code == 200 and response.get_json()["payer"] == "partner"
    event = emitted("partner.link.")[-1]
    assert (event["type"], event["payer"], event["version"]) == ("partner.link.payer_changed", "partner", 3)
    assert len(mails_to(partner.legal.email)) == 2  # the approval, then the switch


# -- PX1: end dates ---------------------------------------------------------------------------

def test_px1_an_end_date_is_1_day_to_2_years_ahead(links_system, clock):
    clock.set(datetime(2026, 3, 1, tzinfo=timezone.utc))
    now = datetime(2026, 3, 1, tzinfo=timezone.utc)
    partner, client = links_system.partner(), links_system.client()
    for ends_at in (now + timedelta(hours=23), now + timedelta(days=731), now - timedelta(days=1)):
        response = partner.legal.post(f"/v1/partners/{partner.org}/links",
                                      request_body(client.org, ends_at=iso(ends_at)))
        assert response.status_code == 422 and response.get_json()["rule"] == "PX1"
    link = request(links_system, partner, client, ends_at=iso(now + timedelta(days=1)), auto_extend=True)
    assert link["ends_at"].startswith("2026-03-02") and link["auto_extend"] is True
    link = approve(client, link, {"ends_at": iso(now + timedelta(days=730))})
    assert link["ends_at"].startswith("2028-02-29")
    end = f"/v1/clients/{client.org}/links/{link['id']}/end"
    too_far = client.legal.put(end, {"ends_at": iso(now + timedelta(days=800)), "auto_extend": False})
    assert too_far.status_code == 422 and too_far.get_json()["rule"] == "PX1"
    none = client.legal.put(end, {"ends_at": None, "auto_extend": False})
    assert none.status_code == 200 and none.get_json()["ends_at"] is None
    assert emitted("partner.link.")[-1]["type"] == "partner.link.end_changed"
    assert any("end date" in text for _, text in mails_to(partner.legal.email))


# -- every change is an event with a higher version -------------------------------------------

def test_every_change_emits_the_links_whole_state_with_a_higher_version(links_system):
    partner, client, link = active_link(links_system, scope=FULL)
    base = f"/v1/clients/{client.org}/links/{link['id']}"
    client.legal.put(f"{base}/payer", {"payer": "partner"})
    client.legal.put(f"{base}/scope", FULL_BILLING)
    client.legal.put(f"{base}/end", {"ends_at": iso(datetime.now(timezone.utc) + timedelta(days=90)),
                                     "auto_extend": True})
    events = emitted("partner.link.")
    assert [e["version"] for e in events] == [1, 2, 3, 4, 5]
    assert {e["link_id"] for e in events} == {link["id"]}
    last = events[-1]
    assert (last["billing"], last["payer"], last["auto_extend"], last["partner_organization_id"],
            last["client_organization_id"]) == (True, "partner", True, partner.org, client.org)
    assert Link.get_by_id(link["id"]).version == 5


# -- reading and tenant isolation --------------------------------------------------------------

def test_the_partners_managers_list_its_links_by_status_and_name_page_by_page(links_system):
    partner = links_system.partner()
    names = ["Alpha AG", "Beta SA", "Gamma Sàrl"]
    links = [request(links_system, partner, links_system.client(name=name)) for name in names]
    client_of_first = links[0]
    url = f"/v1/partners/{partner.org}/links"
    page = partner.admin.get(f"{url}?limit=2").get_json()
    assert [l["client_name"] for l in page["items"]] == ["Gamma Sàrl", "Beta SA"] and page["next_cursor"]
    rest = partner.admin.get(f"{url}?limit=2&cursor={page['next_cursor']}").get_json()
    assert [l["client_name"] for l in rest["items"]] == ["Alpha AG"] and rest["next_cursor"] is None
    assert [l["client_name"] for l in partner.legal.get(f"{url}?q=beta").get_json()["items"]] == ["Beta SA"]
    partner.legal.post(f"{url}/{client_of_first['id']}/withdrawal", {})
    withdrawn = partner.legal.get(f"{url}?status=withdrawn").get_json()["items"]
    assert [l["id"] for l in withdrawn] == [client_of_first["id"]]
    assert partner.collaborator.get(url).get_json()["items"] == []  # nothing assigned to them
    assert partner.outsider.get(url).status_code == 404  # not a member: nothing learnt


def test_another_organizations_link_id_is_not_found(links_system):
    partner, client, link = active_link(links_system)
    other_partner, other_client = links_system.partner(name="Rival"), links_system.client(name="Other AG")
    for path in ("", "/resend", "/withdrawal", "/assignments", "/stop-request"):
        method = "get" if path in ("", "/assignments") else "post"
        kwargs = {} if method == "get" else {"json": {}}
        response = other_partner.legal.call(method, f"/v1/partners/{other_partner.org}/links/{link['id']}{path}",
                                            **kwargs)
        assert response.status_code == 404, (path, response.get_json())
    for path, method, body in (("", "get", None), ("/approval", "post", {}), ("/decline", "post", {}),
                               ("/scope", "put", FULL), ("/payer", "put", {"payer": "client"}),
                               ("/end", "put", {"ends_at": None, "auto_extend": False}),
                               ("/stop-request", "post", {})):
        response = other_client.legal.call(method, f"/v1/clients/{other_client.org}/links/{link['id']}{path}", body)
        assert response.status_code == 404, (path, response.get_json())
    assert other_partner.legal.get(f"/v1/clients/{client.org}/links").status_code == 404
    assert client.legal.get(f"/v1/partners/{partner.org}/links").status_code == 404
    assert Link.get_by_id(link["id"]).version == 2


# -- bad input on every write endpoint ----------------------------------------------------------

BAD = [
    ("post", "/v1/partners/{p}/links", {}),
    ("post", "/v1/partners/{p}/links", {"client": {}, "scope": FULL, "payer": "client"}),
    ("post", "/v1/partners/{p}/links", {"client": {"organization_id": "{c}", "email": "a@b.ch"}, "scope": FULL,
                                        "payer": "client"}),
    ("post", "/v1/partners/{p}/links", {"client": {"organization_id": "{c}"}, "scope": {"scope": "all"},
                                        "payer": "client"}),
    ("post", "/v1/partners/{p}/links", {"client": {"organization_id": "{c}"}, "scope": FULL, "payer": "nobody"}),
    ("post", "/v1/partners/{p}/links", {"client": {"organization_id": "{c}"}, "scope": FULL, "payer": "client",
                                        "ends_at": "tomorrow"}),
    ("post", "/v1/partners/{p}/links", {"client": {"new_organization": {"name": "X"}}, "scope": FULL,
                                        "payer": "client"}),
    ("post", "/v1/partners/{p}/links/{l}/resend", {"again": True}),
    ("post", "/v1/partners/{p}/links/{l}/withdrawal", {"why": "x"}),
    ("put", "/v1/partners/{p}/links/{l}/assignments/{a}", {}),
    ("put", "/v1/partners/{p}/links/{l}/assignments/{a}", {"products": ["not-a-uuid"]}),
    ("post", "/v1/partners/{p}/links/{l}/stop-request", {"now": True}),
    ("post", "/v1/partners/{p}/links/{l}/stop", {"token": "x"}),
    ("post", "/v1/clients/{c}/links", {"partner_organization_id": "nope", "scope": FULL, "payer": "client"}),
    ("post", "/v1/clients/{c}/links", {"partner_organization_id": "{p}", "scope": FULL}),
    ("post", "/v1/clients/{c}/links/{l}/approval", {"scope": {"scope": "full", "billing": "yes"}}),
    ("post", "/v1/clients/{c}/links/{l}/approval", {"extra": 1}),
    ("post", "/v1/clients/{c}/links/{l}/decline", {"reason": 1}),
    ("put", "/v1/clients/{c}/links/{l}/scope", {"scope": "limited", "products": {"x": {"technical": True}}}),
    ("put", "/v1/clients/{c}/links/{l}/payer", {"payer": 1}),
    ("put", "/v1/clients/{c}/links/{l}/end", {"ends_at": None}),
    ("put", "/v1/clients/{c}/links/{l}/end", {"ends_at": "2026-13-01T00:00:00Z", "auto_extend": False}),
    ("post", "/v1/clients/{c}/links/{l}/stop-request", [1]),
    ("post", "/v1/clients/{c}/links/{l}/stop", {"token": "", "password": "x"}),
]


def _fill(value, names):
    if isinstance(value, str):
        for key, name in names.items():
            value = value.replace("{" + key + "}", name)
        return value
    if isinstance(value, dict):
        return {k: _fill(v, names) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, names) for v in value]
    return value


def test_bad_input_on_every_write_endpoint_is_refused_and_writes_nothing(links_system):
    partner, client = links_system.partner(), links_system.client()
    link = request(links_system, partner, client)
    names = {"p": partner.org, "c": client.org, "l": link["id"], "a": partner.collaborator.id}
    before = (OutboxEvent.select().count(), Link.select().count())
    for method, path, body in BAD:
        who = client.legal if path.startswith("/v1/clients") else partner.legal
        response = who.call(method, _fill(path, names), _fill(body, names))
        assert response.status_code in (400, 422), (method, path, body, response.status_code)
        assert response.get_json().get("rule") is None, (method, path, body)
        assert response.headers["Content-Type"].startswith("application/problem+json")
    assert (OutboxEvent.select().count(), Link.select().count()) == before
    garbled = partner.legal.post(f"/v1/partners/{partner.org}/links", data="{not json",
                                 headers={"Content-Type": "application/json"})
    assert garbled.status_code == 400
