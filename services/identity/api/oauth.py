"""OAuth2 / OpenID Connect endpoints (ID12): token, JWKS, discovery."""
from flask import Blueprint, current_app, jsonify

from services.common.web import accepts_form

blp = Blueprint("oauth", __name__)


@blp.post("/oauth/token")
@accepts_form
def token():
    return current_app.extensions["authorization_server"].create_token_response()


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
        "token_endpoint": f"{issuer}/oauth/token",
        "jwks_uri": f"{issuer}/.well-known/jwks.json",
        "grant_types_supported": ["client_credentials"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        "response_types_supported": [],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "scopes_supported": sorted({s for scopes in current_app.config["OAUTH_CLIENTS"].values()
                                    for s in scopes}),
    })
