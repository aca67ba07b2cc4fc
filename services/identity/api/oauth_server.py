"""authlib's Flask authorization server, with the answers identity gives differently (ID12),
and its wiring: the grants and endpoints of services/identity/oauth registered on it."""
import functools

from authlib.common.urls import add_params_to_uri
from authlib.integrations.flask_oauth2 import AuthorizationServer
from authlib.oauth2.rfc6749 import InvalidClientError, UnsupportedResponseTypeError
from joserfc.jwk import KeySet

from ..oauth import store as oauth_store, tokens as oauth_tokens
from ..oauth.clients import query_client
from ..oauth.endpoints import IntrospectionEndpoint, RevocationEndpoint
from ..oauth.grants import (AuthorizationCodeGrant, ClientCredentialsGrant, OpenIDCode, RefreshTokenGrant,
                            S256CodeChallenge, token_generator)


class OnlyCodeResponseType(UnsupportedResponseTypeError):
    description = "Only response_type=code is supported."

    def get_error_description(self):
        return self.description


class IdentityServer(AuthorizationServer):
    """authlib's server with two answers of our own:

    RFC 9207: every authorization response, success or error, carries `iss`, so a client that
    talks to several servers can tell which one answered (mix-up attacks). The only redirects
    this server produces are authorization responses.

    RFC 6749 5.2: a failed client authentication is always 401 (with its WWW-Authenticate
    challenge), as it may be, not 400 or 401 depending on how the client tried.

    An unsupported response_type is refused without echoing it: authlib 1.9 passes the raw
    value as the error description and then refuses its own error for characters RFC 6749
    forbids there, which was a 500.
    """

    def get_authorization_grant(self, request):
        if any(grant.check_authorization_endpoint(request) for grant, _ in self._authorization_grants):
            return super().get_authorization_grant(request)
        client = self.query_client(request.payload.client_id)
        uri = request.payload.redirect_uri
        raise OnlyCodeResponseType("code", redirect_uri=uri if client and uri and client.check_redirect_uri(uri)
                                   else None)

    def handle_error_response(self, request, error):
        if isinstance(error, InvalidClientError):
            error.status_code = 401
        return super().handle_error_response(request, error)

    def handle_response(self, status_code, payload, headers):
        headers = [(name, add_params_to_uri(value, {"iss": self.issuer}) if name.lower() == "location" else value)
                   for name, value in (headers.items() if isinstance(headers, dict) else headers or [])]
        return super().handle_response(status_code, payload, headers)


def create_authorization_server(app, keys):
    config = app.config
    issuer = config["ISSUER"]
    server = IdentityServer(app, query_client=query_client,
                            save_token=functools.partial(oauth_store.save_token,
                                                         refresh_ttl=config["REFRESH_TOKEN_TTL"]))
    server.issuer = issuer
    server.code_ttl = config["AUTHORIZATION_CODE_TTL"]
    server.find_token = lambda token: oauth_tokens.find_token(token, issuer, KeySet.import_key_set(keys.public_jwks()))
    server.register_grant(ClientCredentialsGrant)
    server.register_grant(AuthorizationCodeGrant,
                          [S256CodeChallenge(required=True), OpenIDCode(issuer, keys, config["ACCESS_TOKEN_TTL"])])
    server.register_grant(RefreshTokenGrant)
    server.register_endpoint(RevocationEndpoint)
    server.register_endpoint(IntrospectionEndpoint)
    server.register_token_generator("default", token_generator(config, keys))
    app.extensions["signing_keys"] = keys
    app.extensions["authorization_server"] = server
    return server
