"""The OAuth2 authorization server (ID12), wired in one place with authlib.

For now: the client-credentials grant between services, issuing RFC 9068 JWT access
tokens signed RS256 with the newest key of `keys.SigningKeys`.
"""
import hmac

from authlib.integrations.flask_oauth2 import AuthorizationServer
from authlib.oauth2.rfc6749 import ClientMixin, grants
from authlib.oauth2.rfc9068 import JWTBearerTokenGenerator

from . import domain, service


class Client(ClientMixin):
    """Adapter from an OAuthClient row to what authlib asks of a client."""

    def __init__(self, row):
        self.row = row
        self.scopes = row.scopes.split()

    def get_client_id(self):
        return self.row.client_id

    def get_default_redirect_uri(self):
        return None

    def get_allowed_scope(self, scope):
        if not scope:
            return " ".join(self.scopes)
        return " ".join(s for s in scope.split() if s in self.scopes)

    def check_redirect_uri(self, redirect_uri):
        return False

    def check_client_secret(self, client_secret):
        return hmac.compare_digest(service.hash_client_secret(client_secret), self.row.secret_hash)

    def check_endpoint_auth_method(self, method, endpoint):
        return method in ("client_secret_basic", "client_secret_post")

    def check_response_type(self, response_type):
        return False

    def check_grant_type(self, grant_type):
        return grant_type == "client_credentials"


class ClientCredentialsGrant(grants.ClientCredentialsGrant):
    TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic", "client_secret_post"]


class TokenGenerator(JWTBearerTokenGenerator):
    def __init__(self, issuer, keys):
        super().__init__(issuer=issuer, alg="RS256")
        self.keys = keys

    def get_jwks(self):
        return self.keys.current()

    def get_audiences(self, client, user, scope):
        return domain.audiences_for((scope or "").split()) or [client.get_client_id()]


def _query_client(client_id):
    row = service.find_client(client_id)
    return Client(row) if row else None


def _save_token(token, request):
    """Client-credentials tokens are self-contained JWTs that expire: nothing to store."""


def create_authorization_server(app, keys):
    config = app.config
    server = AuthorizationServer(app, query_client=_query_client, save_token=_save_token)
    server.register_grant(ClientCredentialsGrant)
    ttl = config["ACCESS_TOKEN_TTL"]
    generator = TokenGenerator(config["ISSUER"], keys)
    generator.expires_generator = lambda client, grant_type: ttl
    server.register_token_generator("default", generator)
    app.extensions["signing_keys"] = keys
    app.extensions["authorization_server"] = server
    return server
