"""Helpers for identity's service tests: signing up through the real mail, logging in on the
real pages, and user tokens as the OAuth2 server would issue them."""
import re

from tests.conftest import mint_user_token

PASSWORD = "correct horse battery"


def person(email="anna@alpine-web.example", **overrides):
    return {"email": email, "password": PASSWORD, "first_name": "Anna", "last_name": "Keller",
            "organization": {"kind": "individual"}, **overrides}


def link_in(message, path):
    body = message.get_body(("plain",)).get_content()
    return re.search(r"https?://[^/\s]+(" + re.escape(path) + r"\?token=[\w\-]+)", body).group(1)


def sign_up(client, smtp, verify=True, **overrides):
    """Sign up through POST /v1/accounts and (by default) open the mailed verification link (ID2)."""
    body = person(**overrides)
    response = client.post("/v1/accounts", json=body)
    assert response.status_code == 201, response.get_data(as_text=True)
    if verify:
        message = smtp.wait_for(body["email"])[-1]
        assert client.get(link_in(message, "/verify-email")).status_code == 200
    return response.get_json()


def csrf(client, path="/login"):
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).get_data(as_text=True)).group(1)


def login(client, email, password=PASSWORD, **environ):
    return client.post("/login", data={"email": email, "password": password, "csrf_token": csrf(client)},
                       environ_base=environ)


def user_token(app, account_id, sid=None, amr=("pwd",), scope="openid account"):
    claims = {"amr": list(amr)}
    if sid is not None:
        claims["sid"] = str(sid)
    return {"Authorization": "Bearer " + mint_user_token(app.config["VAR_DIR"], app.config["ISSUER"], account_id,
                                                         scope, ["identity"], **claims)}
