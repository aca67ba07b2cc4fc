"""PX2: the client's activity feed of partner staff: filters, paging, CSV, isolation."""
import csv
import io
import uuid
from datetime import timedelta

from services.common import clock as the_clock
from services.orgs import accounts
from tests.delegation_matrix import PRODUCT

from .orgs_partner_support import add_member, apply_events, orgs, partnership, people  # noqa: F401 - fixtures

SECOND_LINK = "5a8b2c3d-2222-4e5f-8a9b-0c1d2e3f4a5b"


def busy_client(partnership, people, clock):
    """A client with two partners' links and some activity through each, and some without."""
    clock.set(the_clock.now())
    p = partnership()
    accounts.record_profile(p.staff.id, "Sam", "Staff", "en", the_clock.now())
    p.link("approved", "full")
    p.assign(p.staff)
    p.ask(p.staff, "product.manage", PRODUCT)  # allowed, audited with the link
    p.ask(p.staff, "billing.manage")  # denied, audited with the link
    p.ask(p.client_admin, "product.manage", PRODUCT)  # the client's own: not in the feed
    clock.advance(hours=1)
    second_rep = people("rep@second-agency.example")
    second = second_rep.create_org("Second Agency")
    first_link, first_partner = p.link_id, p.partner
    p.partner, p.link_id = second, SECOND_LINK
    p.link("approved", "full", version=1)
    p.ask(second_rep, "product.manage", PRODUCT)
    p.link_id, p.partner = first_link, first_partner
    return p, second_rep, second


def feed(person, client, query=""):
    return person.call("get", f"/v1/organizations/{client}/activity{query}")


def test_px2_the_feed_lists_what_partner_staff_did_with_names_and_links(partnership, people, clock):
    p, second_rep, second = busy_client(partnership, people, clock)
    response = feed(p.client_rep, p.client)
    assert response.status_code == 200, response.get_json()
    items = response.get_json()["items"]
    assert [(i["actor_id"], i["action"], i["outcome"], i["link_id"]) for i in items] == [
        (second_rep.id, "product.manage", "allowed", SECOND_LINK),
        (p.staff.id, "billing.manage", "denied", p.link_id),
        (p.staff.id, "product.manage", "allowed", p.link_id)]
    newest, staff_entry = items[0], items[2]
    assert (newest["partner_organization_id"], newest["partner_name"], newest["actor_email"]) == (
        second, "Second Agency", "rep@second-agency.example")
    assert (staff_entry["actor_name"], staff_entry["actor_email"], staff_entry["partner_name"], staff_entry["target"]) \
        == ("Sam Staff", "staff@agency.example", "Agency Sàrl", PRODUCT)


def test_px2_filters_and_paging(partnership, people, clock):
    p, second_rep, _second = busy_client(partnership, people, clock)

    def actions(query):
        response = feed(p.client_admin, p.client, query)
        assert response.status_code == 200, response.get_json()
        return [(i["actor_id"], i["action"]) for i in response.get_json()["items"]]

    assert actions(f"?link_id={SECOND_LINK}") == [(second_rep.id, "product.manage")]
    assert actions(f"?actor_id={p.staff.id}&action=billing.manage") == [(p.staff.id, "billing.manage")]
    middle = (the_clock.now() - timedelta(minutes=30)).isoformat()
    assert actions(f"?until={middle.replace('+', '%2B')}") == [(p.staff.id, "billing.manage"),
                                                              (p.staff.id, "product.manage")]
    assert actions(f"?since={middle.replace('+', '%2B')}") == [(second_rep.id, "product.manage")]
    first = feed(p.client_admin, p.client, "?limit=2").get_json()
    assert len(first["items"]) == 2 and first["next_cursor"]
    rest = feed(p.client_admin, p.client, f"?limit=2&cursor={first['next_cursor']}").get_json()
    assert [i["action"] for i in rest["items"]] == ["product.manage"] and rest["next_cursor"] is None
    for bad in ("?limit=0", "?limit=201", "?link_id=nope", "?since=yesterday", "?cursor=0"):
        assert feed(p.client_admin, p.client, bad).status_code in (400, 422), bad


def test_px2_the_csv_export_streams_the_whole_filtered_feed(partnership, people, clock):
    p, _second_rep, _second = busy_client(partnership, people, clock)
    for _ in range(3):
        p.ask(p.staff, "product.manage", PRODUCT)
    response = p.client_rep.call("get", f"/v1/organizations/{p.client}/activity.csv?link_id={p.link_id}")
    assert response.status_code == 200 and response.mimetype == "text/csv" and response.is_streamed
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert len(rows) == 5 and {r["link_id"] for r in rows} == {p.link_id}
    assert rows[-1]["actor_name"] == "Sam Staff" and rows[-1]["partner_name"] == "Agency Sàrl"
    assert rows[-1]["at"].endswith("+00:00")


def test_px2_the_csv_export_pages_through_a_long_feed(partnership, people, clock, monkeypatch):
    from services.orgs import activity
    monkeypatch.setattr(activity, "CSV_PAGE", 2)
    p, _second_rep, _second = busy_client(partnership, people, clock)
    text = p.client_rep.call("get", f"/v1/organizations/{p.client}/activity.csv").get_data(as_text=True)
    assert len(list(csv.reader(io.StringIO(text)))) == 1 + 3


def test_px2_only_the_clients_managers_see_it_and_another_organization_is_404(partnership, people, clock):
    p, second_rep, second = busy_client(partnership, people, clock)
    collaborator = people("colla@client.example")
    add_member(p.client, collaborator)
    for path in ("/activity", "/activity.csv"):
        url = f"/v1/organizations/{p.client}{path}"
        denied = collaborator.call("get", url)
        assert denied.status_code == 403 and denied.get_json()["rule"] == "PA7"
        assert p.partner_rep.call("get", url).status_code == 403  # reaches the client through its link
        assert people("eve@example.ch").call("get", url).status_code == 404
        assert p.client_rep.call("get", f"/v1/organizations/{uuid.uuid4()}{path}").status_code == 404
    # the second partner's own feed holds nothing of the client's, and the client cannot read it
    assert feed(second_rep, second).get_json()["items"] == []
    assert feed(p.client_rep, second).status_code == 404
