"""Sign-up crosses every service through the real broker (ID3, then billing and partner)."""
from .system import wait_until


def test_id3_sign_up_creates_organization_billing_account_and_partner_record(system):
    system.start()
    account = system.sign_up("anna.keller@alpine-web.example", kind="company", name="Alpine Web Agency",
                             correlation_id="walk-1")

    identity_view = system.get("identity", f"/v1/accounts/{account['id']}")
    assert identity_view.status_code == 200 and identity_view.json()["email"] == account["email"]

    organizations = wait_until(lambda: system.organizations_of(account["id"]), what="orgs to create the organization")
    assert len(organizations) == 1
    organization = organizations[0]
    assert (organization["name"], organization["kind"], organization["currency"]) == ("Alpine Web Agency", "company", "CHF")
    assert organization["members"] == [{"account_id": account["id"], "role": "legal_representative", "external": False}]

    def billing_account():
        response = system.get("billing", f"/v1/billing-accounts/{organization['id']}")
        return response.json() if response.status_code == 200 else None

    billing = wait_until(billing_account, what="billing to open the account")
    assert billing["currency"] == "CHF"
    assert billing["prepaid_balance"] == {"amount": "0.00", "amount_minor": 0, "currency": "CHF"}

    def partner_record():
        response = system.get("partner", f"/v1/organizations/{organization['id']}")
        return response.json() if response.status_code == 200 else None

    record = wait_until(partner_record, what="partner to record the organization")
    assert record["name"] == "Alpine Web Agency" and record["may_apply_as_partner"] is True

    # The correlation id of the sign-up request follows the events into every consumer.
    for worker in ("orgs-worker", "billing-worker", "partner-worker"):
        assert '"correlation_id": "walk-1"' in system.log(worker), worker


def test_id3_an_eur_individual_gets_a_personal_eur_organization(system):
    system.start("identity", "orgs", "billing")
    account = system.sign_up("lea.martin@example.org", currency="EUR")
    organization = wait_until(lambda: system.organizations_of(account["id"]), what="organization")[0]
    assert organization["name"] == f"Test lea.martin" and organization["currency"] == "EUR"
    wait_until(lambda: system.get("billing", f"/v1/billing-accounts/{organization['id']}").status_code == 200,
               what="billing account")
    assert system.get("billing", f"/v1/billing-accounts/{organization['id']}").json()["currency"] == "EUR"


def test_services_refuse_reads_without_a_service_token(system):
    system.start("identity", "orgs", workers=False)
    import requests
    response = requests.get(system.url("orgs") + "/v1/organizations", params={"account_id": "6f1c1b7e-9f5a-4d8e-9a57-0c8f5b7f1a11"})
    assert response.status_code == 401 and response.headers["Content-Type"] == "application/problem+json"
