"""OAuth2 / OpenID Connect endpoints (ID12): authorize, token, revoke, introspect,
userinfo, JWKS, discovery. Each route hands the request to the server wired in oauth_server.py."""
from flask import Blueprint, current_app, jsonify

from services.common.i18n import LANGUAGES
from services.common.web import ValueTooLong, accepts_form

from .. import domain
from ..web import authorize as authorization, logout as rp_logout
from .userinfo import userinfo as userinfo_response

blp = Blueprint("oauth", __name__)


def _server():
    return current_app.extensions["authorization_server"]


@blp.errorhandler(ValueTooLong)
def value_too_long(error):
    """OAuth2 endpoints answer even this in RFC 6749 5.2's format."""
    return jsonify(error="invalid_request", error_description=error.description), 400


@blp.route("/oauth/authorize", methods=["GET", "POST"])
@accepts_form
def authorize():
    return authorization.authorize()


@blp.get("/oauth/logout")
def logout():
    """OpenID Connect RP-Initiated Logout: a browser page, not an RFC 6749 endpoint."""
    return rp_logout.end_session()


@blp.post("/oauth/token")
@accepts_form
def token():
    return _server().create_token_response()


@blp.post("/oauth/revoke")
@accepts_form
def revoke():
    return _server().create_endpoint_response("revocation")


@blp.post("/oauth/introspect")
@accepts_form
def introspect():
    return _server().create_endpoint_response("introspection")


@blp.route("/oauth/userinfo", methods=["GET", "POST"])
@accepts_form
def userinfo():
    return userinfo_response()


@blp.get("/.well-known/jwks.json")
def jwks():
    response = jsonify(current_app.extensions["signing_keys"].public_jwks())
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


@blp.get("/.well-known/openid-configuration")
def discovery():
    issuer = current_app.config["ISSUER"].rstrip("/")
    return jsonify({
        "issuer": issuer,
        "authorization_endpoint": f"{issuer}/oauth/authorize",
        "token_endpoint": f"{issuer}/oauth/token",
        "revocation_endpoint": f"{issuer}/oauth/revoke",
        "introspection_endpoint": f"{issuer}/oauth/introspect",
        "userinfo_endpoint": f"{issuer}/oauth/userinfo",
        "end_session_endpoint": f"{issuer}/oauth/logout",  # OpenID Connect RP-Initiated Logout 1.0
        "jwks_uri": f"{issuer}/.well-known/jwks.json",
        "grant_types_supported": ["authorization_code", "refresh_token", "client_credentials"],
        "response_types_supported": ["code"],
        "response_modes_supported": ["query"],
        "authorization_response_iss_parameter_supported": True,  # RFC 9207
        "code_challenge_methods_supported": ["S256"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post", "none"],
        "revocation_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post", "none"],
        "introspection_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        "subject_types_supported": ["public"],
        "ui_locales_supported": list(LANGUAGES),
        "id_token_signing_alg_values_supported": ["RS256"],
        "claims_supported": ["sub", "iss", "aud", "exp", "iat", "auth_time", "nonce", "amr", "sid", "email",
                             "email_verified", "given_name", "family_name", "name"],
        "scopes_supported": sorted(set(domain.PORTAL_SCOPES) | {
            s for client in current_app.config["OAUTH_CLIENTS"].values()
            for s in (client if isinstance(client, list) else client.get("scopes", []))}),
    })
