"""ID12 end to end: authlib's own OAuth2 client logs in against a real identity process,
knowing nothing but the issuer URL (discovery), with PKCE S256 and a person at the login
and consent pages (a requests.Session filling in the real forms)."""
import json
import re
from urllib.parse import urljoin

import pytest
import requests
from authlib.common.security import generate_token
from authlib.integrations.requests_client import OAuth2Session, OAuthError
from joserfc import jwt
from joserfc.jwk import KeySet

from tests.conftest import AMQP_URL

from .system import System, wait_until

REDIRECT_URI = "http://127.0.0.1:9/callback"  # never fetched: the browser stops at it
APP = {"kind": "third_party", "public": True, "redirect_uris": [REDIRECT_URI],
       "scopes": ["openid", "email", "profile", "offline_access", "orgs"]}


@pytest.fixture
def system(tmp_path, databases, amqp_prefix):
    running = System(tmp_path, databases, AMQP_URL, amqp_prefix, OAUTH_EXTRA_CLIENTS=json.dumps({"e2e-app": APP}))
    yield running.start("identity")  # its worker sends the verification mail
    running.close()


def csrf(html):
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def browse_to_redirect_uri(browser, url, email, password):
    """Follow redirects like a browser; log in and approve when asked; stop at the app's URI."""
    for _ in range(10):
        if url.startswith(REDIRECT_URI):
            return url
        response = browser.get(url, allow_redirects=False)
        if response.status_code in (302, 303):
            url = urljoin(url, response.headers["Location"])
            continue
        assert response.status_code == 200, response.text
        form = {"csrf_token": csrf(response.text)}
        if 'action="/login"' in response.text:
            next_path = re.search(r'name="next" value="([^"]+)"', response.text).group(1).replace("&amp;", "&")
            form.update(email=email, password=password, next=next_path)
            posted = browser.post(urljoin(url, "/login"), data=form, allow_redirects=False)
        else:  # the consent page posts back to the authorization URL
            posted = browser.post(url, data={**form, "decision": "approve"}, allow_redirects=False)
        assert posted.status_code in (302, 303), posted.text
        url = urljoin(url, posted.headers["Location"])
    raise AssertionError("too many redirects")


def test_id12_a_standard_oauth2_client_logs_in_by_discovery_with_pkce_then_refreshes_and_revokes(system):
    account = system.sign_up("anna.keller@alpine-web.example")
    issuer = system.url("identity")
    meta = requests.get(issuer + "/.well-known/openid-configuration", timeout=5).json()
    assert "S256" in meta["code_challenge_methods_supported"]

    client = OAuth2Session("e2e-app", scope="openid email profile offline_access orgs", redirect_uri=REDIRECT_URI,
                           code_challenge_method="S256", token_endpoint_auth_method="none")
    verifier = generate_token(48)
    url, state = client.create_authorization_url(meta["authorization_endpoint"], code_verifier=verifier, nonce="n-e2e")
    callback = browse_to_redirect_uri(requests.Session(), url, account["email"], "correct horse battery")

    token = client.fetch_token(meta["token_endpoint"], authorization_response=callback, state=state,
                               code_verifier=verifier)
    assert token["token_type"] == "Bearer" and token["refresh_token"] and token["id_token"]
    keys = KeySet.import_key_set(requests.get(meta["jwks_uri"], timeout=5).json())
    id_token = jwt.decode(token["id_token"], keys).claims
    assert (id_token["iss"], id_token["sub"], id_token["nonce"]) == (meta["issuer"], account["id"], "n-e2e")
    access = jwt.decode(token["access_token"], keys).claims
    assert access["aud"] == ["orgs"] and access["client_id"] == "e2e-app" and access["amr"] == ["pwd"]

    me = client.get(meta["userinfo_endpoint"]).json()
    assert me["sub"] == account["id"] and me["email"] == account["email"] and me["given_name"] == "Test"

    first_refresh = token["refresh_token"]
    renewed = client.refresh_token(meta["token_endpoint"])
    assert renewed["refresh_token"] != first_refresh and renewed["access_token"] != token["access_token"]

    revoked = client.revoke_token(meta["revocation_endpoint"], token=renewed["refresh_token"],
                                  token_type_hint="refresh_token")
    assert revoked.status_code == 200
    with pytest.raises(OAuthError) as refused:
        client.refresh_token(meta["token_endpoint"], refresh_token=renewed["refresh_token"])
    assert refused.value.error == "invalid_grant"


def test_id12_a_standard_client_without_pkce_is_sent_back_with_an_error(system):
    meta = requests.get(system.url("identity") + "/.well-known/openid-configuration", timeout=5).json()
    client = OAuth2Session("e2e-app", scope="openid", redirect_uri=REDIRECT_URI, token_endpoint_auth_method="none")
    url, state = client.create_authorization_url(meta["authorization_endpoint"])
    response = requests.get(url, allow_redirects=False, timeout=5)
    assert response.status_code == 302 and response.headers["Location"].startswith(REDIRECT_URI)
    assert "error=invalid_request" in response.headers["Location"] and f"state={state}" in response.headers["Location"]


@pytest.fixture
def system_with_orgs(tmp_path, databases, amqp_prefix):
    running = System(tmp_path, databases, AMQP_URL, amqp_prefix, OAUTH_EXTRA_CLIENTS=json.dumps({"e2e-app": APP}))
    yield running.start("identity", "orgs")
    running.close()


def test_id12_a_logout_makes_the_sessions_access_tokens_fail_at_other_services_within_seconds(system_with_orgs):
    """identity.sessions.revoked goes over the real broker to orgs' worker, which records it;
    orgs' web processes reload their revocation list every second."""
    system = system_with_orgs
    account = system.sign_up("lea.meier@alpine-web.example")
    [organization] = wait_until(lambda: system.organizations_of(account["id"]), timeout=20, what="personal org")
    issuer = system.url("identity")
    meta = requests.get(issuer + "/.well-known/openid-configuration", timeout=5).json()
    client = OAuth2Session("e2e-app", scope="openid orgs", redirect_uri=REDIRECT_URI,
                           code_challenge_method="S256", token_endpoint_auth_method="none")
    verifier = generate_token(48)
    url, state = client.create_authorization_url(meta["authorization_endpoint"], code_verifier=verifier)
    browser = requests.Session()
    callback = browse_to_redirect_uri(browser, url, account["email"], "correct horse battery")
    token = client.fetch_token(meta["token_endpoint"], authorization_response=callback, state=state,
                               code_verifier=verifier)
    headers = {"Authorization": f"Bearer {token['access_token']}"}
    org_url = system.url("orgs") + f"/v1/organizations/{organization['id']}"
    assert requests.get(org_url, headers=headers, timeout=5).status_code == 200

    logout = browser.post(issuer + "/logout", data={"csrf_token": csrf(browser.get(issuer + "/login").text)},
                          allow_redirects=False)
    assert logout.status_code == 303
    # (a 401 response is falsy, hence the status code as the predicate's value)
    wait_until(lambda: requests.get(org_url, headers=headers, timeout=5).status_code == 401, timeout=15,
               what="orgs refusing the logged-out session's token")
    refused = requests.get(org_url, headers=headers, timeout=5)
    assert "revoked" in refused.json()["detail"]
