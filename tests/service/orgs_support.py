"""Shared pieces of the orgs service tests: the app trusting identity, people and their tokens."""
import uuid

import pytest

from services.orgs import app as orgs_app
from services.orgs import models as orgs_models
from services.orgs.models import Membership
from tests.conftest import mint_user_token, service_config

from .conftest import trust_identity


@pytest.fixture
def orgs(tmp_path, databases, identity, smtp_server):
    app = orgs_app.create_app(service_config(orgs_app, tmp_path, databases, "orgs", SMTP_URL=smtp_server.url))
    smtp_server.deliver_from(app, orgs_models.messages)
    yield trust_identity(app, identity)
    app.extensions["database"].close()


class Person:
    """An account with a user token for orgs, calling the orgs app as itself."""

    def __init__(self, app, identity, email):
        self.app, self.email, self.id = app, email, str(uuid.uuid4())
        self.token = mint_user_token(identity.config["VAR_DIR"], identity.config["ISSUER"], self.id,
                                     "openid orgs", ["orgs"])
        self.client = app.test_client()

    def call(self, method, path, json=None, **kwargs):
        headers = {"Authorization": f"Bearer {self.token}", **kwargs.pop("headers", {})}
        return self.client.open(path, method=method.upper(), json=json, headers=headers, **kwargs)

    def create_org(self, name="Alpine Web", kind="company", currency="CHF", **extra):
        response = self.call("post", "/v1/organizations", {"name": name, "kind": kind, "currency": currency, **extra})
        assert response.status_code == 201, response.get_json()
        org_id = response.get_json()["id"]
        # Orgs learns addresses from sign-up events; here the founder's is recorded directly.
        Membership.update(email=self.email).where(Membership.account_id == self.id).execute()
        return org_id


@pytest.fixture
def people(orgs, identity):
    def make(email):
        return Person(orgs, identity, email)
    return make


def add_member(org_id, person, role="collaborator", external=False, **rights):
    """A member as an accepted invitation would leave it (invitations have their own tests)."""
    return Membership.create(organization=org_id, account_id=person.id, role=role, external=external,
                             email=person.email, **rights)


def service_token(identity, scope, client_id="operator"):
    """A client-credentials token as identity issues it (the scope may not be declared there yet)."""
    import time

    from joserfc import jwt

    from services.identity.oauth.keys import SigningKeys

    now = int(time.time())
    keys = SigningKeys(identity.config["VAR_DIR"]).current()
    claims = {"iss": identity.config["ISSUER"], "sub": client_id, "client_id": client_id, "aud": ["orgs"],
              "iat": now, "exp": now + 300, "jti": uuid.uuid4().hex, "scope": scope}
    return jwt.encode({"alg": "RS256", "typ": "at+jwt", "kid": keys.keys[0].kid}, claims, keys)
