"""The OAuth2 / OpenID Connect endpoints (ID12) in identity's OpenAPI document.

authlib parses these requests (RFC 6749 form bodies), not marshmallow, so the document is
written here by hand; `tests/service/test_openapi_contract.py` fuzzes it against the
real endpoints. Their errors are RFC 6749 5.2 JSON (`OAuth2Error`), not problem documents;
only what the web layer answers before authlib sees the request (413 too large) is a problem.
"""
from .openapi_shapes import FORM, JSON, PROBLEM_403_CSRF, PROBLEM_413, html, oauth_error, redirect, string

TOKEN_CLIENT = {"client_id": string("The client; public clients (no secret) must send it, confidential "
                                    "ones authenticate with HTTP Basic (client_secret_basic) or send it "
                                    "with client_secret (client_secret_post)."),
                "client_secret": string("client_secret_post only.")}
SCOPE = string("Space-separated scopes. Absent: every scope the client is declared with (client "
               "credentials) or the grant's scope (refresh). A scope the client was not declared with, "
               "or (refresh) not in the original grant, is refused with invalid_scope; never trimmed.")


def _grant(name, required, properties):
    return {"type": "object", "required": ["grant_type", *required],
            "properties": {"grant_type": {"type": "string", "enum": [name]}, **properties, **TOKEN_CLIENT}}


TOKEN_REQUEST = {"oneOf": [
    _grant("authorization_code", ["code", "redirect_uri", "code_verifier"], {
        "code": string("The code from the authorization response; single use, 60 s."),
        "redirect_uri": string("Exactly the redirect_uri of the authorization request."),
        "code_verifier": string("PKCE (RFC 7636) verifier whose S256 hash was the code_challenge.")}),
    _grant("refresh_token", ["refresh_token"], {
        "refresh_token": string("Spent by this request: the response carries its successor (rotation)."),
        "scope": SCOPE}),
    _grant("client_credentials", [], {"scope": SCOPE}),
], "discriminator": {"propertyName": "grant_type"}}

TOKEN_RESPONSE = {"type": "object", "required": ["access_token", "token_type", "expires_in", "scope"],
                  "properties": {
                      "access_token": string("An RFC 9068 JWT (RS256, typ at+jwt)."),
                      "token_type": {"type": "string", "enum": ["Bearer"]},
                      "expires_in": {"type": "integer", "minimum": 1},
                      "scope": string("The scope granted, always stated (RFC 6749 5.1)."),
                      "refresh_token": string("Only with offline_access (and on every refresh)."),
                      "id_token": string("OpenID Connect ID token, only with the openid scope.")}}

TOKEN_HINT = {"token": string("The access or refresh token."),
              "token_type_hint": {"type": "string", "enum": ["access_token", "refresh_token"]},
              "client_id": TOKEN_CLIENT["client_id"], "client_secret": TOKEN_CLIENT["client_secret"]}

INTROSPECTION = {"type": "object", "required": ["active"], "properties": {
    "active": {"type": "boolean"}, "scope": {"type": "string"}, "client_id": {"type": "string"},
    "sub": {"type": "string"}, "aud": {"type": "array", "items": {"type": "string"}},
    "iss": {"type": "string"}, "exp": {"type": "integer"}, "iat": {"type": "integer"},
    "jti": {"type": "string"}, "sid": {"type": "string"}, "auth_time": {"type": "integer"},
    "amr": {"type": "array", "items": {"type": "string"}},
    "token_type": {"type": "string", "enum": ["Bearer", "refresh_token"]}}}

USERINFO = {"type": "object", "required": ["sub"], "properties": {
    "sub": {"type": "string"}, "email": {"type": "string"}, "email_verified": {"type": "boolean"},
    "given_name": {"type": "string"}, "family_name": {"type": "string"}, "name": {"type": "string"}}}

NO_STORE = {"Cache-Control": {"schema": {"type": "string", "enum": ["no-store"]}}}
BEARER_CHALLENGE = {"WWW-Authenticate": {"schema": {"type": "string"}, "required": True}}


def _form_post(summary, description, body_schema, ok, errors):
    return {"post": {"summary": summary, "description": description, "tags": ["oauth2"],
                     "requestBody": {"required": True, "content": {FORM: {"schema": body_schema}}},
                     "responses": {**ok, **errors, "413": PROBLEM_413}}}


def _userinfo(method):
    return {"summary": "OpenID Connect userinfo: the person's claims the token's scopes allow.",
            "tags": ["oauth2"], "security": [{"bearer": ["openid"]}],
            "responses": {
                "200": {"description": "The claims (email by `email`, names by `profile`).",
                        "headers": NO_STORE, "content": {JSON: {"schema": USERINFO}}},
                "401": oauth_error("No, an invalid, expired or revoked token, a service's token, or a deleted "
                                   "account (RFC 6750 invalid_token).", headers=BEARER_CHALLENGE),
                "403": oauth_error("The token lacks `openid` (insufficient_scope).", headers=BEARER_CHALLENGE),
                **({"413": PROBLEM_413} if method == "post" else {})}}


def paths(authorization_codes):
    """{path: operations}; `authorization_codes` is {client_id: [redirect URIs]} of the clients
    that may start the code flow (an unknown client or redirect URI gets a 400 page, never a redirect)."""
    return {
        "/oauth/authorize": _authorize(authorization_codes),
        "/oauth/token": _form_post(
            "Token endpoint (RFC 6749 3.2): authorization_code (PKCE), refresh_token, client_credentials.",
            "Form-encoded. Every error is RFC 6749 5.2 JSON.", TOKEN_REQUEST,
            {"200": {"description": "A token (RFC 6749 5.1).", "headers": NO_STORE,
                     "content": {JSON: {"schema": TOKEN_RESPONSE}}}},
            {"400": oauth_error("invalid_request, invalid_grant, invalid_scope, unauthorized_client or "
                                "unsupported_grant_type."),
             "401": oauth_error("invalid_client: unknown client or wrong secret.")}),
        "/oauth/revoke": _form_post(
            "Revocation (RFC 7009): a refresh token ends its family, an access token is listed as revoked.",
            "An unknown token is not an error (200).", {"type": "object", "required": ["token"],
                                                        "properties": TOKEN_HINT},
            {"200": {"description": "Revoked, or unknown.", "content": {JSON: {"schema": {"type": "object"}}}}},
            {"400": oauth_error("invalid_request or unsupported_token_type."),
             "401": oauth_error("invalid_client.")}),
        "/oauth/introspect": _form_post(
            "Introspection (RFC 7662), for confidential clients holding the `introspect` scope.",
            "HTTP Basic or client_secret_post.", {"type": "object", "required": ["token"], "properties": TOKEN_HINT},
            {"200": {"description": "`active` false for unknown, expired or revoked tokens.",
                     "content": {JSON: {"schema": INTROSPECTION}}}},
            {"400": oauth_error("invalid_request or unsupported_token_type."),
             "401": oauth_error("invalid_client."),
             "403": oauth_error("unauthorized_client: the client lacks the `introspect` scope.")}),
        "/oauth/userinfo": {"get": _userinfo("get"), "post": _userinfo("post")},
        "/oauth/logout": {"get": _logout()},
        "/.well-known/openid-configuration": {"get": {
            "summary": "OpenID Connect discovery (RFC 8414 metadata; RFC 9207 iss supported).", "tags": ["oauth2"],
            "responses": {"200": {"description": "The metadata.", "content": {JSON: {"schema": {
                "type": "object", "required": ["issuer", "authorization_endpoint", "token_endpoint", "jwks_uri",
                                               "authorization_response_iss_parameter_supported"],
                "properties": {"authorization_response_iss_parameter_supported": {"const": True}}}}}}}}},
        "/.well-known/jwks.json": {"get": {
            "summary": "The public signing keys (RFC 7517); services verify tokens locally with them.",
            "tags": ["oauth2"], "responses": {"200": {"description": "The key set.", "content": {JSON: {"schema": {
                "type": "object", "required": ["keys"], "properties": {"keys": {"type": "array", "items": {
                    "type": "object", "required": ["kty", "kid"]}}}}}}}}}},
    }


def _authorize(authorization_codes):
    uris = sorted({uri for listed in authorization_codes.values() for uri in listed})
    # Only the client and its redirect URI get a 4xx when wrong (RFC 6749 4.1.2.1). Any other
    # mistake is answered at the redirect URI (302 with error, state and iss), so the other
    # parameters are documented as strings with their rules in words, not as constraints.
    parameters = [
        {"name": "client_id", "in": "query", "required": True,
         "schema": {"type": "string", "enum": sorted(authorization_codes)}},
        {"name": "redirect_uri", "in": "query", "required": True, "schema": {"type": "string", "enum": uris},
         "description": "One of the client's declared redirect URIs, matched exactly."},
        *({"name": name, "in": "query", "required": False, "schema": {"type": "string"}, "description": text}
          for name, text in [
              ("response_type", "`code` (the only one; anything else: unsupported_response_type)."),
              ("scope", "Space-separated; absent means every scope the client is declared with. A scope it is "
                        "not declared with: invalid_scope."),
              ("state", "Echoed in the authorization response."),
              ("code_challenge", "Required: PKCE S256 challenge (43-128 characters)."),
              ("code_challenge_method", "Required: `S256`."),
              ("nonce", "OpenID Connect; at most 255 characters, echoed in the ID token."),
              ("prompt", "`none`, `login` or `consent` (OpenID Connect)."),
              ("max_age", "Seconds since the last login the client accepts."),
              ("ui_locales", "OpenID Connect: languages for identity's pages, best first (en, fr, de, it, es); "
                             "remembered in the pp_lang cookie.")]),
    ]
    responses = {
        "200": html("The consent page (third-party apps, or prompt=consent): lists exactly the scopes that "
                    "will be granted."),
        "302": redirect("The authorization response at redirect_uri: `code` or `error` (and "
                        "`error_description`), with `state` and `iss` (RFC 9207)."),
        "303": redirect("To /login?next=... when no one is logged in (or prompt=login, max_age)."),
        "400": html("Unknown client, a redirect URI not declared for it, or a repeated parameter: an error "
                    "page, never a redirect."),
    }
    get = {"summary": "Authorization endpoint (RFC 6749 4.1, PKCE S256 required, OpenID Connect).",
           "description": "A browser navigation: the person's session cookie, not a bearer token.",
           "tags": ["oauth2"], "parameters": parameters, "responses": responses}
    post = {**get, "summary": "The consent form's answer (CSRF-protected; same query as the GET).",
            "requestBody": {"content": {FORM: {"schema": {"type": "object", "properties": {
                "csrf_token": {"type": "string"},
                "decision": string("`approve`; anything else (the Deny button sends `deny`) denies.")}}}}},
            "responses": {**responses, "403": PROBLEM_403_CSRF, "413": PROBLEM_413}}
    return {"get": get, "post": post}


def _logout():
    """OpenID Connect RP-Initiated Logout 1.0 (web/logout.py)."""
    parameters = [{"name": name, "in": "query", "required": False, "schema": {"type": "string"}, "description": text}
                  for name, text in [
                      ("id_token_hint", "An ID token identity issued to the client (its expiry does not matter): "
                                        "names the login to end. Without a valid one nothing ends."),
                      ("post_logout_redirect_uri", "Where to send the browser afterwards: followed only when "
                                                   "registered for the client (post_logout_redirect_uris)."),
                      ("client_id", "The client; must be an audience of the ID token."),
                      ("state", "Added to post_logout_redirect_uri."),
                      ("ui_locales", "Languages of the page, best first.")]]
    return {"summary": "End the login an app's ID token names (OpenID Connect RP-Initiated Logout 1.0).",
            "description": "A browser navigation. The session, its refresh tokens and the cookie end.",
            "tags": ["oauth2"], "parameters": parameters, "responses": {
                "200": html("Signed out, and no registered post_logout_redirect_uri: a page linking to the "
                            "portal; or, without a valid id_token_hint, a page asking a logged-in person to "
                            "confirm."),
                "303": redirect("Signed out: to post_logout_redirect_uri, with state.")}}
