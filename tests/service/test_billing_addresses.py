"""BI9: several billing addresses per organization, one default; removing one moves its
products and the default on; invoices keep the snapshot they took."""
from services.billing.models import Invoice, Product

from .billing_orders_support import hosting, order_with, pay, place
from .billing_served import billing, orgs  # noqa: F401 - fixtures

ADDRESS = {"name": "Alpine Web SA", "street": "Rue du Lac 1", "postal_code": "1000", "city": "Lausanne",
           "country": "CH"}


def test_bi9_an_organization_holds_several_addresses_and_one_default(billing):
    team = billing.team()
    path = f"{team.base}/billing-addresses"
    first = team.accountant.post(path, {**ADDRESS, "label": "Head office"}).get_json()
    second = team.accountant.post(path, {**ADDRESS, "city": "Genève", "email": "billing@alpine.example"}).get_json()
    assert first["is_default"] is True and second["is_default"] is False
    made = team.accountant.put(f"{path}/{second['id']}/default")
    assert made.status_code == 200 and made.get_json()["is_default"] is True
    listed = team.legal.get(path).get_json()
    assert [(a["id"], a["is_default"]) for a in listed] == [(second["id"], True), (first["id"], False)]
    changed = team.accountant.patch(f"{path}/{first['id']}", {"vat_number": "CHE-123.456.788 MWST"})
    assert changed.status_code == 200 and changed.get_json()["vat_number"] == "CHE-123.456.788 MWST"
    assert changed.get_json()["city"] == "Lausanne"


def test_bi9_removing_an_address_moves_its_products_and_the_default_on_and_keeps_invoices(billing):
    team = billing.team()
    path = f"{team.base}/billing-addresses"
    first = team.legal.post(path, ADDRESS).get_json()
    second = team.legal.post(path, {**ADDRESS, "city": "Bern"}).get_json()
    order = order_with(team.legal, team.org, hosting())
    placed = place(team.legal, team.org, order["id"])
    pay(placed["invoice_id"])
    product = Product.get()
    assert str(product.billing_address_id) == first["id"]
    assert team.legal.delete(f"{path}/{first['id']}").status_code == 204
    assert Product.get_by_id(product.id).billing_address_id is None
    assert [(a["id"], a["is_default"]) for a in team.legal.get(path).get_json()] == [(second["id"], True)]
    assert Invoice.get_by_id(placed["invoice_id"]).buyer["city"] == "Lausanne"  # the snapshot stays
    assert team.legal.patch(f"{path}/{first['id']}", {"city": "Sion"}).status_code == 404
