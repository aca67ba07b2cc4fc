"""The identity app with the OAuth2 test clients, and a browser logged in to it (ID12 tests)."""
import pytest

from services.identity import app as identity_app
from tests.conftest import service_config

from .oauth_flow import CLIENTS, sign_up_and_log_in


@pytest.fixture
def identity(tmp_path, databases):
    app = identity_app.create_app(service_config(identity_app, tmp_path, databases, "identity", OAUTH_CLIENTS=CLIENTS))
    yield app
    app.extensions["database"].close()


@pytest.fixture
def browser(identity):
    return sign_up_and_log_in(identity.test_client())
