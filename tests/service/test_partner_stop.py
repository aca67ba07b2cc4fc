"""PA10: either side's legal representative stops a link in two steps, the second with a token
valid 10 minutes and its password, checked by the real identity over HTTP; access ends at once
and both sides are mailed; a wrong password or token changes nothing."""
from services.identity.models import LoginAttempt
from services.partner.models import Link, StopRequest

from .partner_links_served import PASSWORD, emitted, links_system, mails_to, orgs  # noqa: F401
from .test_partner_links import active_link


def base(side, team, link):
    return f"/v1/{'partners' if side == 'partner' else 'clients'}/{team.org}/links/{link['id']}"


def stop_request(who, url):
    response = who.post(f"{url}/stop-request", {})
    assert response.status_code == 201, response.get_json()
    return response.get_json()["token"]


def test_pa10_the_client_stops_with_its_password_and_access_ends_at_once(links_system):
    partner, client, link = active_link(links_system)
    links_system.with_password(client.legal)
    url = base("client", client, link)
    answer = client.legal.post(f"{url}/stop-request", {})
    assert answer.status_code == 201 and answer.get_json()["expires_at"]
    token = answer.get_json()["token"]
    assert StopRequest.get().token_hash != token and len(StopRequest.get().token_hash) == 64  # hashed at rest
    response = client.legal.post(f"{url}/stop", {"token": token, "password": PASSWORD})
    assert response.status_code == 200, response.get_json()
    assert (response.get_json()["status"], response.get_json()["closed_side"]) == ("stopped", "client")
    event = emitted("partner.link.")[-1]
    assert (event["type"], event["status"], event["version"], event["side"]) == (
        "partner.link.stopped", "stopped", 3, "client")
    assert any("stopped" in s for s, _ in mails_to(partner.legal.email))
    assert any("stopped" in s for s, _ in mails_to(client.legal.email))
    again = client.legal.post(f"{url}/stop", {"token": token, "password": PASSWORD})
    assert again.status_code == 422 and again.get_json()["rule"] == "PA10"


def test_pa10_the_partner_stops_too(links_system):
    partner, _client, link = active_link(links_system)
    links_system.with_password(partner.legal)
    url = base("partner", partner, link)
    response = partner.legal.post(f"{url}/stop", {"token": stop_request(partner.legal, url), "password": PASSWORD})
    assert response.status_code == 200 and response.get_json()["closed_side"] == "partner"


def test_pa10_a_wrong_password_changes_nothing(links_system):
    _partner, client, link = active_link(links_system)
    links_system.with_password(client.legal)
    url = base("client", client, link)
    token = stop_request(client.legal, url)
    events = len(emitted("partner.link."))
    response = client.legal.post(f"{url}/stop", {"token": token, "password": "not my password"})
    assert response.status_code == 422 and response.get_json()["rule"] == "PA10"
    assert Link.get_by_id(link["id"]).status == "active" and len(emitted("partner.link.")) == events
    assert StopRequest.get().used_at is None
    assert LoginAttempt.select().where(~LoginAttempt.success).count() == 1  # counts toward ID10's throttle
    assert client.legal.post(f"{url}/stop", {"token": token, "password": PASSWORD}).status_code == 200


def test_pa10_the_token_lasts_10_minutes_and_belongs_to_its_asker(links_system, clock):
    partner, client, link = active_link(links_system)
    links_system.with_password(client.legal)
    url = base("client", client, link)
    token = stop_request(client.legal, url)
    clock.advance(minutes=10, seconds=1)
    late = client.legal.post(f"{url}/stop", {"token": token, "password": PASSWORD})
    assert late.status_code == 422 and late.get_json()["rule"] == "PA10"
    token = stop_request(client.legal, url)
    wrong = client.legal.post(f"{url}/stop", {"token": token + "x", "password": PASSWORD})
    assert wrong.status_code == 422 and wrong.get_json()["rule"] == "PA10"
    links_system.with_password(partner.legal)
    other_side = partner.legal.post(f"{base('partner', partner, link)}/stop", {"token": token, "password": PASSWORD})
    assert other_side.status_code == 422 and other_side.get_json()["rule"] == "PA10"
    assert Link.get_by_id(link["id"]).status == "active"


def test_pa10_only_legal_representatives_stop_and_only_an_active_link(links_system):
    partner, client, link = active_link(links_system)
    for who, url in ((client.admin, base("client", client, link)), (partner.admin, base("partner", partner, link))):
        assert who.post(f"{url}/stop-request", {}).status_code == 403
        assert who.post(f"{url}/stop", {"token": "abc", "password": "x"}).status_code == 403
    links_system.with_password(client.legal)
    url = base("client", client, link)
    client.legal.post(f"{url}/stop", {"token": stop_request(client.legal, url), "password": PASSWORD})
    refused = client.legal.post(f"{url}/stop-request", {})
    assert refused.status_code == 422 and refused.get_json()["rule"] == "PA10"
