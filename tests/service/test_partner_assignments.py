"""PA7: the partner's managers assign its own members to clients, optionally some products, never
beyond a limited link's scope; collaborators see only the clients assigned to them."""
from services.partner.models import Assignment
from services.orgs.models import Membership

from .partner_links_served import FULL, emitted, links_system, new_product, orgs, scope_limited  # noqa: F401
from .test_partner_links import active_link, request


def url(partner, link, member=None):
    base = f"/v1/partners/{partner.org}/links/{link['id']}/assignments"
    return f"{base}/{member.id}" if member else base


def test_pa7_the_partners_managers_assign_its_members_to_a_client(links_system):
    partner, client, link = active_link(links_system)
    response = partner.admin.put(url(partner, link, partner.collaborator), {"products": None})
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["products"] is None and response.get_json()["active"] is True
    [event] = emitted("partner.assignment.changed")
    assert (event["version"], event["account_id"], event["link_id"], event["active"], event["products"]) == (
        1, partner.collaborator.id, link["id"], True, None)
    assert event["client_organization_id"] == client.org
    listed = partner.legal.get(url(partner, link)).get_json()
    assert [a["account_id"] for a in listed] == [partner.collaborator.id]


def test_pa7_collaborators_do_not_assign(links_system):
    partner, _client, link = active_link(links_system)
    for who, status in ((partner.collaborator, 403), (partner.outsider, 404)):  # a stranger learns nothing
        assert who.put(url(partner, link, partner.accountant), {"products": None}).status_code == status
        assert who.get(url(partner, link)).status_code == status
    assert Assignment.select().count() == 0


def test_pa7_only_the_partners_own_members_are_assigned(links_system):
    partner, client, link = active_link(links_system)
    for stranger in (client.legal, partner.outsider):
        response = partner.legal.put(url(partner, link, stranger), {"products": None})
        assert response.status_code == 422 and response.get_json()["rule"] == "PA7"
    external = links_system.person("external@example.ch")
    links_system.member(partner.org, external, external=True)
    response = partner.legal.put(url(partner, link, external), {"products": None})
    assert response.status_code == 422 and response.get_json()["rule"] == "PA7"
    assert Membership.select().where(Membership.account_id == external.id).count() == 1


def test_pa7_assigned_products_stay_within_a_limited_scope(links_system):
    granted, other = new_product(), new_product()
    partner, _client, link = active_link(links_system, scope=scope_limited(granted))
    response = partner.legal.put(url(partner, link, partner.collaborator), {"products": [granted, other]})
    assert response.status_code == 422 and response.get_json()["rule"] == "PA7"
    assert other in response.get_json()["detail"]
    response = partner.legal.put(url(partner, link, partner.collaborator), {"products": [granted]})
    assert response.status_code == 200 and response.get_json()["products"] == [granted]
    full_partner, _c, full_link = active_link(links_system, partner=links_system.partner(name="Full"), scope=FULL)
    anything = full_partner.legal.put(url(full_partner, full_link, full_partner.collaborator), {"products": [other]})
    assert anything.status_code == 200


def test_pa7_removing_and_reassigning_counts_the_version_up(links_system):
    partner, _client, link = active_link(links_system)
    partner.legal.put(url(partner, link, partner.collaborator), {"products": None})
    assert partner.legal.delete(url(partner, link, partner.collaborator)).status_code == 204
    assert partner.legal.delete(url(partner, link, partner.collaborator)).status_code == 404
    partner.legal.put(url(partner, link, partner.collaborator), {"products": [new_product()]})
    events = emitted("partner.assignment.changed")
    assert [(e["version"], e["active"]) for e in events] == [(1, True), (2, False), (3, True)]
    assert partner.legal.get(url(partner, link)).get_json()[0]["products"]


def test_pa7_a_closed_link_takes_no_assignment(links_system):
    partner, client = links_system.partner(), links_system.client()
    link = request(links_system, partner, client)
    partner.legal.post(f"/v1/partners/{partner.org}/links/{link['id']}/withdrawal", {})
    response = partner.legal.put(url(partner, link, partner.collaborator), {"products": None})
    assert response.status_code == 422 and response.get_json()["rule"] == "PA7"


def test_pa7_a_collaborator_sees_only_the_clients_assigned_to_them(links_system):
    partner = links_system.partner()
    _p, mine, mine_link = active_link(links_system, partner=partner)
    _p, _other, other_link = active_link(links_system, partner=partner, client=links_system.client(name="Other"))
    partner.admin.put(url(partner, mine_link, partner.collaborator), {"products": None})
    listed = partner.collaborator.get(f"/v1/partners/{partner.org}/links").get_json()["items"]
    assert [l["id"] for l in listed] == [mine_link["id"]]
    base = f"/v1/partners/{partner.org}/links"
    assert partner.collaborator.get(f"{base}/{mine_link['id']}").status_code == 200
    assert partner.collaborator.get(f"{base}/{other_link['id']}").status_code == 404
    assert len(partner.admin.get(base).get_json()["items"]) == 2
    partner.admin.delete(url(partner, mine_link, partner.collaborator))
    assert partner.collaborator.get(base).get_json()["items"] == []
