"""create_app(): identity's composition root."""
import json
import os
import secrets
from pathlib import Path

from services.common import migrations
from services.common.client import ServiceClient
from services.common.config import ensure_secret, load_config
from services.common.web import build_app
from services.common.web_pages import SITE, init_site

from . import service
from .api import BLUEPRINTS, PLAIN_BLUEPRINTS, openapi_shapes
from .api.oauth_server import create_authorization_server
from .migrations import STEPS
from .models import db
from .oauth import keys, store as oauth_store
from .oauth.clients import query_client
from .oauth.grants import token_generator
from .web.language import preferred
from .web.csrf import csrf_token

# Where identity's catalogues are (services.common.i18n); the shared layout's, if it has any.
TRANSLATION_ROOTS = (Path(__file__).parent, SITE)

# OAuth2 clients (see domain.client_declaration). A list is a service client's scopes:
# each holds only what it needs (least privilege). `introspect` (RFC 7662) is an ops tool.
DEFAULT_CLIENTS = {
    "orgs": ["billing:read"],  # OR13: asks billing whether an organization can be deleted
    # OR7: asks orgs whether an account is an organization's last legal representative;
    # invitations for sign-up through an invitation (ID3).
    "identity": ["orgs:memberships:read", "orgs:invitations:read"],
    # OR14: billing and partner ask orgs' access check before acting for a person, and read
    # organizations (names, currencies) for invoices and the partner programme.
    "billing": ["orgs:access-check", "orgs:read"],
    # PA4: partner creates client organizations; PA10: it has a person's password checked.
    "partner": ["orgs:access-check", "orgs:read", "orgs:create-client", "identity:reauthenticate"],
    # ops CLI, tests; billing:credit: staff issue credit notes (BI5)
    "operator": ["identity:read", "orgs:read", "billing:read", "billing:credit", "partner:read", "introspect"],
    "portal": {"kind": "portal"},  # first party: {PORTAL_URL}/auth/callback, every user scope, no consent
}


def declared_clients():
    """OAUTH_CLIENTS (JSON) replaces the defaults; OAUTH_EXTRA_CLIENTS (JSON) adds to them."""
    clients = json.loads(os.environ.get("OAUTH_CLIENTS", "null")) or DEFAULT_CLIENTS
    return {**clients, **json.loads(os.environ.get("OAUTH_EXTRA_CLIENTS") or "{}")}


def make_config(**overrides):
    config = load_config("identity", **overrides)
    config.setdefault("COOKIE_SECURE", config["ISSUER"].startswith("https://"))
    # ID10: failed logins allowed per hour before further attempts get the generic refusal.
    config.setdefault("LOGIN_FAILURES_PER_ACCOUNT", int(os.environ.get("LOGIN_FAILURES_PER_ACCOUNT", "100")))
    config.setdefault("LOGIN_FAILURES_PER_IP", int(os.environ.get("LOGIN_FAILURES_PER_IP", "300")))
    config.setdefault("OAUTH_CLIENTS", declared_clients())
    config.setdefault("AUTHORIZATION_CODE_TTL", int(os.environ.get("AUTHORIZATION_CODE_TTL", "60")))
    config.setdefault("REFRESH_TOKEN_TTL", int(os.environ.get("REFRESH_TOKEN_TTL", str(30 * 24 * 3600))))
    return config


def init_database(config):
    return migrations.bind_and_migrate(db, config, STEPS)


def own_token_issuer(config, signing_keys):
    """identity's client-credentials tokens, minted in-process: asking its own /oauth/token over
    HTTP would make a request wait for another worker of the same server (with one worker,
    forever: sign-up through an invitation, deleting an account)."""
    def issue(scope):
        client = query_client(config["CLIENT_ID"])
        token = token_generator(config, signing_keys).generate("client_credentials", client, scope=scope,
                                                              include_refresh_token=False)
        return token["access_token"], int(token["expires_in"])
    return issue


def create_app(config=None):
    config = config or make_config()
    database = init_database(config)
    keys.ensure_key(config["VAR_DIR"])
    service.sync_clients(config, config["OAUTH_CLIENTS"])
    database.close()
    signing_keys = keys.SigningKeys(config["VAR_DIR"])
    app = build_app(config, database, "partner-portal identity", BLUEPRINTS,
                    "Accounts and the OAuth2 authorization server.", jwks_source=signing_keys.public_jwks,
                    revocations=oauth_store.revoked_credentials(config["ACCESS_TOKEN_TTL"]))
    app.secret_key = ensure_secret(config, "identity-cookie-key", lambda: secrets.token_urlsafe(48))
    app.config.update(SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax",
                      SESSION_COOKIE_SECURE=config["COOKIE_SECURE"])
    for blueprint in PLAIN_BLUEPRINTS:
        app.register_blueprint(blueprint)
    init_site(app, roots=TRANSLATION_ROOTS, preferred=preferred, csrf_token=csrf_token,
              switch_language_url="/language", home_url=config["SERVICE_URLS"]["portal"])
    openapi_shapes.document(app, app.extensions["api"], config)
    create_authorization_server(app, signing_keys)
    app.extensions["orgs_client"] = ServiceClient(config, "orgs", "orgs:memberships:read orgs:invitations:read",
                                                  issue=own_token_issuer(config, signing_keys))
    return app
