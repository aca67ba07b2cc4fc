"""RFC 7009 revocation and RFC 7662 introspection (ID12), as authlib endpoints of the server
wired in api/oauth_server.py; every token is looked up by `server.find_token` (tokens)."""
from authlib.oauth2.rfc6749 import OAuth2Error
from authlib.oauth2.rfc7009 import RevocationEndpoint as _RevocationEndpoint
from authlib.oauth2.rfc7662 import IntrospectionEndpoint as _IntrospectionEndpoint

from . import tokens as oauth_tokens

WITH_PUBLIC_CLIENTS = ["client_secret_basic", "client_secret_post", "none"]


class IntrospectionForbidden(OAuth2Error):
    error, status_code = "unauthorized_client", 403
    description = "This client may not introspect tokens: it lacks the 'introspect' scope."


class RevocationEndpoint(_RevocationEndpoint):
    CLIENT_AUTH_METHODS = WITH_PUBLIC_CLIENTS

    def query_token(self, token_string, token_type_hint):
        return self.server.find_token(token_string)

    def revoke_token(self, token, request):
        oauth_tokens.revoke(token)


class IntrospectionEndpoint(_IntrospectionEndpoint):
    CLIENT_AUTH_METHODS = ["client_secret_basic", "client_secret_post"]

    def authenticate_endpoint_client(self, request):
        client = super().authenticate_endpoint_client(request)
        if "introspect" not in client.scopes:
            raise IntrospectionForbidden()
        return client

    def query_token(self, token_string, token_type_hint):
        return self.server.find_token(token_string)

    def check_permission(self, token, client, request):
        return True  # the client holds `introspect` (checked above)

    def introspect_token(self, token):
        keep = ("scope", "client_id", "sub", "aud", "iss", "exp", "iat", "jti", "sid", "amr", "auth_time")
        return {"active": True, "token_type": "Bearer" if token.kind == "access_token" else "refresh_token",
                **{k: v for k, v in token.claims.items() if k in keep}}
