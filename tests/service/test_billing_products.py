"""Products (BI1, BI2, BI9, BI12): listed as the access check lets each person see them, renewed
one or several at a time in one issued invoice and extended when it is paid, cancelled with
confirmation while what is due stays due, the other administrators told in their language."""
from datetime import timedelta

from services.billing.models import Invoice, Product
from services.orgs.models import DelegatedGrant

from .billing_orders_support import domain, hosting, order_with, pay, place
from .billing_served import billing, emitted, orgs  # noqa: F401 - fixtures


def products_of(team, *items):
    """The team's organization holding the products of `items`, ordered and paid."""
    order = order_with(team.legal, team.org, *items)
    pay(place(team.legal, team.org, order["id"])["invoice_id"])
    return {p["name"]: p for p in team.legal.get(f"{team.base}/products").get_json()}


def test_bi1_products_are_listed_with_status_dates_price_and_filtered_by_status(billing, clock):
    team = billing.team()
    held = products_of(team, domain(), hosting(units=5))
    shop = held["Shop"]
    assert shop["status"] == "active" and shop["started_on"] == clock.today().isoformat()
    assert shop["price"] == {"amount": "337.50", "amount_minor": 33750, "currency": "CHF"}
    assert shop["family"] == "hosting" and shop["billed_organization_id"] == team.org
    assert team.admin.get(f"{team.base}/products/{shop['id']}").get_json() == shop
    Product.update(status="suspended").where(Product.id == shop["id"]).execute()
    assert [p["name"] for p in team.legal.get(f"{team.base}/products?status=suspended").get_json()] == ["Shop"]
    assert team.legal.get(f"{team.base}/products?status=sleeping").status_code == 422


def test_or6_a_collaborator_sees_only_the_products_granted_to_them(billing):
    team = billing.team()
    held = products_of(team, domain(), hosting())
    assert team.collaborator.get(f"{team.base}/products").get_json() == []
    assert team.collaborator.get(f"{team.base}/products/{held['Shop']['id']}").status_code == 404
    billing.grant(team.org, team.collaborator, held["Shop"]["id"])
    assert [p["name"] for p in team.collaborator.get(f"{team.base}/products").get_json()] == ["Shop"]
    assert team.collaborator.get(f"{team.base}/products/{held['Shop']['id']}").status_code == 200
    assert team.outsider.get(f"{team.base}/products").status_code == 404


def test_bi2_several_products_are_renewed_in_one_issued_invoice_and_extended_when_paid(billing, clock):
    team = billing.team()
    held = products_of(team, domain(), hosting(units=5))
    ch, shop = held["alpine-web.ch"], held["Shop"]
    renewal = team.accountant.post(f"{team.base}/renewals", {"items": [
        {"product_id": ch["id"], "periods": 3}, {"product_id": shop["id"]}]})
    assert renewal.status_code == 201, renewal.get_json()
    invoice = renewal.get_json()
    assert invoice["status"] == "issued" and invoice["number"].startswith("INV-")
    assert [(line["kind"], line["quantity"], line["period_start"]) for line in invoice["lines"]] == [
        ("renewal", 3, ch["expires_on"]), ("renewal", 5, shop["expires_on"])]
    assert invoice["net"]["amount_minor"] == 3 * 950 + 5 * 6750
    assert emitted("billing.invoice.issued")[-1]["ordered_by"]["account_id"] == team.accountant.id
    assert Product.get_by_id(ch["id"]).expires_on.isoformat() == ch["expires_on"]  # not before it is paid
    pay(invoice["id"])
    expiry = Product.get_by_id(ch["id"]).expires_on
    assert expiry == clock.today().replace(year=clock.today().year + 4)
    renewed = emitted("billing.product.renewed")
    assert [(e["how"], e["periods"], e["ordered_by"]["account_id"]) for e in renewed] == [
        ("manual", 3, team.accountant.id), ("manual", 1, team.accountant.id)]
    pay(invoice["id"])  # paid again (a duplicate notice): nothing moves
    assert Product.get_by_id(ch["id"]).expires_on == expiry and len(emitted("billing.product.renewed")) == 2


def test_bi2_a_renewal_beyond_the_types_max_periods_is_refused_and_issues_nothing(billing):
    team = billing.team()
    shop = products_of(team, hosting())["Shop"]
    refused = team.legal.post(f"{team.base}/renewals", {"items": [{"product_id": shop["id"], "periods": 4}]})
    assert refused.status_code == 422 and refused.get_json()["rule"] == "BI2"
    twice = team.legal.post(f"{team.base}/renewals", {"items": [{"product_id": shop["id"]}] * 2})
    assert twice.status_code == 422
    Product.update(status="cancelled").where(Product.id == shop["id"]).execute()
    cancelled = team.legal.post(f"{team.base}/renewals", {"items": [{"product_id": shop["id"]}]})
    assert cancelled.get_json()["rule"] == "BI2"
    assert Invoice.select().count() == 1  # the order's, nothing more


def test_bi9_a_renewal_is_invoiced_to_the_address_named_else_the_products_else_the_default(billing):
    team = billing.team(currency="EUR")
    shop = products_of(team, hosting())["Shop"]
    new = lambda **f: team.legal.post(f"{team.base}/billing-addresses", {  # noqa: E731
        "name": "Alpine Web", "street": "Main 1", "postal_code": "1000", "city": "Lausanne", "country": "CH", **f}
    ).get_json()
    default, paris, rome = new(), new(city="Paris", country="FR"), new(city="Rome", country="IT")
    renew = lambda **body: team.legal.post(f"{team.base}/renewals", {  # noqa: E731
        "items": [{"product_id": shop["id"]}], **body}).get_json()
    assert renew()["buyer"]["billing_address_id"] == default["id"]
    put = team.legal.put(f"{team.base}/products/{shop['id']}/billing-address", {"billing_address_id": paris["id"]})
    assert put.status_code == 200 and put.get_json()["billing_address_id"] == paris["id"]
    by_product = renew()
    assert by_product["buyer"]["city"] == "Paris" and by_product["country"] == "FR"
    assert by_product["lines"][0]["vat_rate"] == "20"
    assert renew(billing_address_id=rome["id"])["country"] == "IT"


def test_bi12_cancelling_needs_confirmation_keeps_what_is_due_and_tells_the_other_administrators(billing, smtp_server):
    team = billing.team()
    second = billing.person("second.admin@example.ch", "de")
    billing.member(team.org, second, "administrator")
    shop = products_of(team, hosting())["Shop"]
    due = team.legal.post(f"{team.base}/renewals", {"items": [{"product_id": shop["id"]}]}).get_json()
    unconfirmed = team.admin.post(f"{team.base}/products/{shop['id']}/cancellation", {})
    assert unconfirmed.status_code == 422 and unconfirmed.get_json()["rule"] == "BI12"
    assert Product.get_by_id(shop["id"]).status == "active"
    cancelled = team.admin.post(f"{team.base}/products/{shop['id']}/cancellation", {"confirm": True})
    assert cancelled.status_code == 200 and cancelled.get_json()["status"] == "cancelled"
    assert Invoice.get_by_id(due["id"]).status == "issued"  # charges already due remain due
    event = emitted("billing.product.cancelled")[0]
    assert event["product_id"] == shop["id"] and event["family"] == "hosting" and "BI12" in event["reason"]
    told = {m["To"]: m for m in smtp_server.messages}
    assert set(told) == {team.legal.email, second.email}  # not the one who cancelled
    assert "wurde gekündigt" in told[second.email]["Subject"]
    assert "was cancelled" in told[team.legal.email]["Subject"]
    again = team.admin.post(f"{team.base}/products/{shop['id']}/cancellation", {"confirm": True})
    assert again.status_code == 409


def test_bi12_a_collaborator_without_the_product_cannot_cancel_it(billing):
    team = billing.team()
    shop = products_of(team, hosting())["Shop"]
    refused = team.collaborator.post(f"{team.base}/products/{shop['id']}/cancellation", {"confirm": True})
    assert refused.status_code == 404 and Product.get_by_id(shop["id"]).status == "active"
    billing.grant(team.org, team.collaborator, shop["id"])
    allowed = team.collaborator.post(f"{team.base}/products/{shop['id']}/cancellation", {"confirm": True})
    assert allowed.status_code == 200


def test_bi2_renewing_extends_from_the_current_expiry_even_late(billing, clock):
    team = billing.team()
    ch = products_of(team, domain())["alpine-web.ch"]
    clock.advance(days=400)  # expired a month ago
    invoice = team.legal.post(f"{team.base}/renewals", {"items": [{"product_id": ch["id"]}]}).get_json()
    pay(invoice["id"])
    expiry = Product.get_by_id(ch["id"]).expires_on
    assert expiry.isoformat() > ch["expires_on"] and (expiry - timedelta(days=366)).isoformat() <= ch["expires_on"]


def test_pa6_a_partner_that_may_only_read_a_product_gets_403_when_cancelling_it(billing):
    team = billing.team()
    shop = products_of(team, hosting())["Shop"]
    agent = billing.person("agent@agency.example")
    agency = billing.organization(agent, "Agency")
    DelegatedGrant.create(partner_organization_id=agency, client_organization_id=team.org, scope="limited",
                          products={shop["id"]: {"technical": False, "statistics": True}})
    assert agent.get(f"{team.base}/products/{shop['id']}").status_code == 200
    assert [p["id"] for p in agent.get(f"{team.base}/products").get_json()] == [shop["id"]]
    refused = agent.post(f"{team.base}/products/{shop['id']}/cancellation", {"confirm": True})
    assert refused.status_code == 403 and Product.get_by_id(shop["id"]).status == "active"
    assert agent.get(f"{team.base}/orders").status_code == 404  # no billing entrusted (BI13)


def test_bi5_parallel_renewal_requests_issue_invoices_numbered_once_each_with_no_gap(billing):
    """A busy billing day over HTTP: 12 people's renewal requests at once (each issues an
    invoice); every request answers 201 and the numbers run on without gap or repeat."""
    import threading

    team = billing.team()
    held = products_of(team, *[domain(f"site{n}.ch") for n in range(12)])
    answers, start = [], threading.Barrier(12)

    def renew(product):
        start.wait()
        answers.append(team.legal.post(f"{team.base}/renewals", {"items": [{"product_id": product["id"]}]}))

    threads = [threading.Thread(target=renew, args=(product,)) for product in held.values()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(a.status_code for a in answers) == [201] * 12, [a.get_json() for a in answers]
    numbers = sorted(int(a.get_json()["number"].rsplit("-", 1)[1]) for a in answers)
    assert numbers == list(range(2, 14))  # the order's invoice is number 1
    assert Invoice.select().where(Invoice.status == "draft").count() == 0
