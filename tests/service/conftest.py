import base64

import pytest

from services.identity import app as identity_app
from services.identity import models as identity_models
from services.identity.oauth.keys import SigningKeys
from tests.conftest import service_config


@pytest.fixture
def identity(tmp_path, databases, smtp_server):
    """Identity in-process; its mail goes to the real SMTP server `smtp_server`."""
    app = identity_app.create_app(service_config(identity_app, tmp_path, databases, "identity",
                                                 SMTP_URL=smtp_server.url))
    smtp_server.deliver_from(app, identity_models.messages)
    yield app
    app.extensions["database"].close()


@pytest.fixture
def identity_client(identity):
    return identity.test_client()


def basic(client_id, secret):
    return {"Authorization": "Basic " + base64.b64encode(f"{client_id}:{secret}".encode()).decode()}


@pytest.fixture
def get_token(identity, identity_client):
    """get_token(client_id='operator', scope=None) -> (status, body) from the real token endpoint."""
    var = identity.config["VAR_DIR"]

    def fetch(client_id="operator", scope=None, secret=None):
        secret = secret or open(f"{var}/secrets/{client_id}").read().strip()
        form = {"grant_type": "client_credentials", **({"scope": scope} if scope else {})}
        response = identity_client.post("/oauth/token", data=form, headers=basic(client_id, secret))
        return response.status_code, response.get_json()

    return fetch


def trust_identity(app, identity):
    """Point a resource server's JWKS cache at identity's keys (no HTTP needed in-process)."""
    keys = SigningKeys(identity.config["VAR_DIR"])
    app.extensions["token_validator"].jwks._fetch = keys.public_jwks
    return app
