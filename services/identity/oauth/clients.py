"""Adapter from an OAuthClient row (declared in config, see domain.client_declaration) to
what authlib asks of a client."""
import hmac
import json

from authlib.oauth2.rfc6749 import ClientMixin

from .. import domain, service

CONFIDENTIAL_METHODS = ("client_secret_basic", "client_secret_post")


class Client(ClientMixin):
    def __init__(self, row):
        self.row = row
        self.scopes = row.scopes.split()
        self.metadata = json.loads(row.metadata or "{}")
        self.redirect_uris = self.metadata.get("redirect_uris", [])
        self.post_logout_redirect_uris = self.metadata.get("post_logout_redirect_uris", [])
        self.grant_types = self.metadata.get("grant_types", ["client_credentials"])
        self.auth_method = self.metadata.get("auth_method", "client_secret_basic")

    @property
    def client_id(self):
        return self.row.client_id

    @property
    def is_public(self):
        return self.auth_method == "none"

    @property
    def skips_consent(self):
        """First-party apps (the portal) act for the person without a consent page."""
        return bool(self.metadata.get("skip_consent"))

    @property
    def client_metadata(self):
        return self.metadata

    def get_client_id(self):
        return self.row.client_id

    def get_default_redirect_uri(self):
        return None  # every authorization request names its redirect URI, matched exactly

    def get_allowed_scope(self, scope):
        """authlib asks this when resolving a request and again when minting a token: None
        (any undeclared scope) makes it answer invalid_scope, never a narrower guess."""
        return domain.granted_scope(scope, self.scopes)

    def check_redirect_uri(self, redirect_uri):
        return redirect_uri in self.redirect_uris

    def check_client_secret(self, client_secret):
        if self.is_public or not self.row.secret_hash:
            return False
        return hmac.compare_digest(domain.hash_token(client_secret), self.row.secret_hash)

    def check_endpoint_auth_method(self, method, endpoint):
        if self.is_public:
            return method == "none" and endpoint in ("token", "revocation")
        return method in CONFIDENTIAL_METHODS

    def check_response_type(self, response_type):
        return response_type == "code" and "authorization_code" in self.grant_types

    def check_grant_type(self, grant_type):
        return grant_type in self.grant_types


def query_client(client_id):
    if not client_id or len(client_id) > 100 or "\x00" in client_id:
        return None  # cannot name a client; PostgreSQL would refuse a NUL outright
    row = service.find_client(client_id)
    return Client(row) if row else None
