"""Identity's hand-written OpenAPI parts: the OAuth2 endpoints (openapi_oauth) and the HTML pages
(openapi_pages), added to the document flask-smorest builds from the /v1 blueprints."""
from services.common.web import FIELD_MAX_LENGTH

from .. import domain, service

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"
HTML = "text/html"
PROBLEM_JSON = "application/problem+json"

# RFC 6749 5.2 (and RFC 6750 3.1): what every OAuth2 endpoint answers on error.
OAUTH2_ERROR = {"type": "object", "required": ["error"], "properties": {
    "error": {"type": "string", "description": "An RFC 6749 / 6750 / 7009 error code, e.g. invalid_grant."},
    "error_description": {"type": "string"}, "error_uri": {"type": "string"}}}


def string(description):
    return {"type": "string", "description": description}


def html(description):
    return {"description": description, "content": {HTML: {"schema": {"type": "string"}}}}


def redirect(description):
    return {"description": description, "headers": {"Location": {"schema": {"type": "string"}, "required": True}}}


def oauth_error(description, headers=None):
    return {"description": description, "content": {JSON: {"schema": {"$ref": "#/components/schemas/OAuth2Error"}}},
            **({"headers": headers} if headers else {})}


def problem(description):
    """RFC 9457, what the web layer answers outside OAuth2 (a CSRF failure, a body over
    MAX_BODY_BYTES): the `Problem` component every service's document registers."""
    return {"description": description, "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}}}


PROBLEM_413 = problem("The body is larger than MAX_BODY_BYTES.")
PROBLEM_403_CSRF = html("The form's csrf_token does not match this browser's (the form expired or came from "
                        "another site): a page saying so.")


def document(app, api, config):
    """Add the OAuth2 endpoints and the pages to `api`'s OpenAPI document; each must be a route
    of `app` (StopIteration otherwise), as flask-smorest derives the path from the route."""
    from . import openapi_oauth, openapi_pages
    from ..web.authorize import SCOPE_DESCRIPTIONS

    clients = service.client_declarations(config, config["OAUTH_CLIENTS"])
    codes = {client_id: c["redirect_uris"] for client_id, c in clients.items()
             if "authorization_code" in c["grant_types"]}
    service_scopes = sorted({s for c in clients.values() if c["kind"] == "service" for s in c["scopes"]})
    issuer = config["ISSUER"].rstrip("/")
    spec = api.spec
    spec.components.schema("OAuth2Error", OAUTH2_ERROR)
    # How tokens are obtained; operations name the `bearer` scheme they are checked with.
    spec.components.security_scheme("oauth2", {"type": "oauth2", "flows": {
        "authorizationCode": {"authorizationUrl": f"{issuer}/oauth/authorize", "tokenUrl": f"{issuer}/oauth/token",
                              "refreshUrl": f"{issuer}/oauth/token",
                              "scopes": {s: SCOPE_DESCRIPTIONS[s] for s in domain.USER_SCOPES}},
        "clientCredentials": {"tokenUrl": f"{issuer}/oauth/token", "scopes": {s: s for s in service_scopes}}}})
    spec.tag({"name": "oauth2", "description": "OAuth2 / OpenID Connect (ID12); errors are RFC 6749 5.2 JSON"})
    spec.tag({"name": "pages", "description": "HTML pages for people in a browser (login, sign-up, links)"})
    for path, operations in {**openapi_oauth.paths(codes), **openapi_pages.PATHS}.items():
        rule = next(rule for rule in app.url_map.iter_rules() if rule.rule == path)
        spec.path(rule=rule, operations={method: _bounded(path, operation) for method, operation in operations.items()})


def _bounded(path, operation):
    """Every string input of a hand-written operation bounded as the web layer bounds it (a longer
    query or form value is a 400 before OAuth2 or the page sees it: an OAuth2 invalid_request on
    the /oauth endpoints, a problem elsewhere)."""
    inputs = [p["schema"] for p in operation.get("parameters", [])]
    for media in operation.get("requestBody", {}).get("content", {}).values():
        inputs += media["schema"].get("properties", {}).values()
        inputs += [p for one in media["schema"].get("oneOf", []) for p in one.get("properties", {}).values()]
    for schema in inputs:
        if schema.get("type") == "string" and not {"maxLength", "enum"} & set(schema):
            schema["maxLength"] = FIELD_MAX_LENGTH
    answer = oauth_error("") if path.startswith("/oauth/") else problem("")  # api/oauth.py answers it so
    bad_request = operation["responses"].setdefault("400", {"description": "A value is longer than the web layer takes."})
    bad_request.setdefault("content", {}).update(answer["content"])
    return operation
