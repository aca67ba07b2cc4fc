"""The shared served-billing test fixture (billing_served.py): billing asks the real orgs over HTTP."""
from .billing_served import billing, orgs  # noqa: F401


def test_the_billing_fixture_asks_the_real_orgs(billing):
    team = billing.team()
    access = billing.app.extensions["access_client"]
    assert access.check(team.accountant.id, "billing.read", team.org)["decision"] == "allow"
    assert access.check(team.admin.id, "billing.read", team.org)["decision"] == "deny"
    assert access.check(team.admin.id, "product.manage", team.org)["decision"] == "allow"
    contacts = billing.app.extensions["orgs_client"].get(f"/v1/organizations/{team.org}/contacts")
    assert {c["email"]: c["language"] for c in contacts}[team.admin.email] == "fr"
