"""Identity and orgs as real HTTP servers in threads, for the tests where one calls the other
with a client-credentials token (account deletion asks orgs, invitation sign-up asks orgs)."""
import socket
import threading

import pytest
from werkzeug.serving import make_server

from services.identity import app as identity_app
from services.identity import models as identity_models
from services.identity.oauth.keys import SigningKeys
from services.orgs import app as orgs_app
from services.orgs import models as orgs_models
from tests.conftest import service_config


def serve(app, port=0):
    server = make_server("127.0.0.1", port, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def orgs(tmp_path, databases, smtp_server):
    """The real orgs app over HTTP, trusting identity's keys from the shared var/ folder."""
    app = orgs_app.create_app(service_config(orgs_app, tmp_path, databases, "orgs", SMTP_URL=smtp_server.url))
    smtp_server.deliver_from(app, orgs_models.messages)
    app.extensions["token_validator"].jwks._fetch = SigningKeys(str(tmp_path / "var")).public_jwks
    server = serve(app)
    yield {"url": f"http://127.0.0.1:{server.server_port}", "app": app}
    server.shutdown()
    app.extensions["database"].close()


@pytest.fixture
def served_identity(tmp_path, databases, smtp_server, orgs):
    port = free_port()
    config = service_config(identity_app, tmp_path, databases, "identity", SMTP_URL=smtp_server.url,
                            TOKEN_URL=f"http://127.0.0.1:{port}/oauth/token",
                            SERVICE_URLS={"portal": "http://127.0.0.1:8000", "orgs": orgs["url"]})
    app = smtp_server.deliver_from(identity_app.create_app(config), identity_models.messages)
    server = serve(app, port)
    yield app
    server.shutdown()
    app.extensions["database"].close()


