"""Every service's /openapi.json is true: schemathesis fuzzes every operation of identity, orgs,
billing, partner and the portal with every check, once with a person's token and once with a
service's, on real databases holding a person with an organization; zero failures.

Services that ask one another (orgs asks billing, OR13; identity asks orgs, OR7) are also
served over HTTP in threads; the portal's readiness asks identity's /healthz.
"""
import time

import pytest

from services.billing import app as billing_app
from services.billing.models import BillingAccount
from services.identity import app as identity_app
from services.identity.models import Account
from services.orgs import app as orgs_app
from services.partner import app as partner_app
from services.partner.models import KnownOrganization
from services.portal import app as portal_app
from tests.conftest import mint_user_token, service_config

from . import contract
from .conftest import basic
from .served import free_port, serve

PASSWORD = "correct horse battery"
USER_SCOPES = "openid profile email account orgs billing partner"
SERVED = ("identity", "orgs", "billing")

# (method, path, check): a business rule no schema can express answers a well-formed request
# with a 4xx. Each is switched off for that one operation only.
ACCEPTS = "positive_data_acceptance"
EXCLUSIONS = [
    # ID1: a well-formed password is refused as weak (length, digits only, the email's local part,
    # a common one); ID3: an invitation token must name a live invitation to the same address.
    ("post", "/v1/accounts", ACCEPTS),
    ("post", "/v1/me/password", ACCEPTS),  # ID1: the new password is weak, or the current one wrong
    ("post", "/v1/password-resets/{token}", ACCEPTS),  # ID1, ID4: a weak password, or a spent link
    ("put", "/v1/me/recovery-email", ACCEPTS),  # ID4: only after re-entering the right password
    ("post", "/v1/me/email", ACCEPTS),  # ID4: the login email changes only with the right password
    ("delete", "/v1/me", ACCEPTS),  # OR7 and the password again: not the last legal representative
    ("delete", "/v1/me/2fa", ACCEPTS),  # ID7: a session that passed 2FA plus the password again
    ("post", "/v1/me/2fa/activate", ACCEPTS),  # ID6: the current code of the person's app
    # OR1: a square logo or initials, not both.
    ("post", "/v1/organizations", ACCEPTS),
    ("patch", "/v1/organizations/{organization_id}", ACCEPTS),
    # OR5, OR7: the seeded person is the organization's only legal representative.
    ("patch", "/v1/organizations/{organization_id}/members/{account_id}", ACCEPTS),
    ("post", "/v1/organizations/{organization_id}/teams", ACCEPTS),  # OR11: the lead must be a member
]


@pytest.fixture
def system(tmp_path, databases, smtp_server):
    ports = {name: free_port() for name in SERVED}
    urls = {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
    urls.update(partner="http://127.0.0.1:9", portal="http://127.0.0.1:9")
    shared = {"SMTP_URL": smtp_server.url, "SERVICE_URLS": urls, "TOKEN_URL": f"{urls['identity']}/oauth/token",
              "JWKS_URL": f"{urls['identity']}/.well-known/jwks.json"}
    apps, servers = {}, []
    for name, module in (("identity", identity_app), ("orgs", orgs_app), ("billing", billing_app),
                         ("partner", partner_app)):
        apps[name] = module.create_app(service_config(module, tmp_path, databases, name, **shared))
        if name in ports:
            servers.append(serve(apps[name], ports[name]))
    apps["portal"] = portal_app.create_app(portal_app.make_config(LOG_LEVEL="WARNING", SERVICE_URLS=urls))
    yield apps, seed(apps)
    for server in servers:
        server.shutdown()
    for name in ("identity", "orgs", "billing", "partner"):
        apps[name].extensions["database"].close()


def seed(apps):
    """A verified person whose company has a billing account and a partner record."""
    identity = apps["identity"]
    signup = identity.test_client().post("/v1/accounts", json={
        "email": "anna@alpine-web.example", "password": PASSWORD, "first_name": "Anna", "last_name": "Keller",
        "organization": {"kind": "company", "name": "Alpine Web", "currency": "CHF"}})
    assert signup.status_code == 201, signup.get_json()
    account_id = signup.get_json()["id"]
    with identity.app_context():
        Account.update(email_verified_at=Account.created_at).where(Account.id == account_id).execute()
    var, issuer = identity.config["VAR_DIR"], identity.config["ISSUER"]
    person = mint_user_token(var, issuer, account_id, USER_SCOPES, ["identity", "orgs", "billing", "partner"], ttl=900)
    created = apps["orgs"].test_client().post("/v1/organizations", headers={"Authorization": f"Bearer {person}"},
                                              json={"name": "Alpine Web", "kind": "company", "currency": "CHF"})
    assert created.status_code == 201, created.get_json()
    organization_id = created.get_json()["id"]
    BillingAccount.create(organization_id=organization_id, currency="CHF")
    KnownOrganization.create(organization_id=organization_id, name="Alpine Web", kind="company", currency="CHF")
    secret = open(f"{var}/secrets/operator").read().strip()
    issued = identity.test_client().post("/oauth/token", data={"grant_type": "client_credentials"},
                                         headers=basic("operator", secret))
    assert issued.status_code == 200, issued.get_json()
    return {"person": person, "service": issued.get_json()["access_token"], "anonymous": None,
            "organization_id": organization_id,
            "account_id": account_id}


@pytest.mark.parametrize("holder", ["person", "service", "anonymous"])
def test_every_operation_of_every_document_passes_every_check(system, holder):
    apps, seeded = system
    parameters = {"organization_id": seeded["organization_id"], "account_id": seeded["account_id"]}
    started, failures = time.monotonic(), []
    # Without a token only identity has more to show than 401s (its OAuth2 endpoints and pages,
    # sign-up, recovery); the other documents' 401s are checked with a token by `ignored_auth`.
    names = ("identity",) if holder == "anonymous" else ("identity", "orgs", "billing", "partner", "portal")
    for name in names:
        failures += [f"{name}: {line}" for line in
                     contract.run(apps[name], seeded[holder], parameters, EXCLUSIONS)]
    assert not failures, "\n".join(failures)
    assert time.monotonic() - started < 180
