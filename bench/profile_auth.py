"""Where the CPU of one authenticated billing GET goes: cProfile, in-process, no gunicorn.

    .venv/bin/python -m bench.profile_auth [--requests 2000] [--top 25]

Builds identity and billing apps in this process (SQLite in a temp dir), gets an operator
token from identity's token endpoint through Flask's test client, and profiles N calls of
GET /v1/billing-accounts/<id> next to N calls of the bare app, so the per-request CPU of
each part (JWT verify, DB, schema dump, Flask/flask-smorest, hooks) can be read off.
"""
import argparse
import base64
import logging
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script or with -m

from bench.bare_app import app as bare_app  # noqa: E402
from bench.common import print_profile  # noqa: E402


def per_request(client, path, headers, n):
    client.get(path, headers=headers)  # warm: JWKS, imports, first connection
    started = time.process_time()
    for _ in range(n):
        response = client.get(path, headers=headers)
    assert response.status_code == 200, response.get_data(as_text=True)
    return (time.process_time() - started) / n * 1e6


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    # Imported only now: the response schemas are built (and their methods bound) on import.
    from services.billing import app as billing_app, service as billing_service
    from services.identity import app as identity_app

    tmp = tempfile.TemporaryDirectory(prefix="bench-profile-")
    common = {"VAR_DIR": tmp.name, "LOG_LEVEL": "WARNING", "ISSUER": "http://127.0.0.1:1"}
    identity = identity_app.create_app(identity_app.make_config(
        DATABASE_URL=f"sqlite:///{tmp.name}/identity.db", **common)).test_client()
    billing = billing_app.create_app(billing_app.make_config(
        DATABASE_URL=f"sqlite:///{tmp.name}/billing.db", **common))
    # Billing gets identity's JWKS through the test client instead of HTTP.
    billing.extensions["token_validator"].jwks._fetch = lambda: identity.get("/.well-known/jwks.json").get_json()
    logging.disable(logging.WARNING)

    with billing.app_context():
        org_id = uuid.uuid4()
        billing_service.open_billing_account(org_id, "CHF")
    secret = (Path(tmp.name) / "secrets/operator").read_text().strip()
    basic = base64.b64encode(f"operator:{secret}".encode()).decode()
    token = identity.post("/oauth/token", data={"grant_type": "client_credentials"},
                          headers={"Authorization": f"Basic {basic}"}).get_json()["access_token"]
    auth = {"Authorization": f"Bearer {token}"}
    path = f"/v1/billing-accounts/{org_id}"

    bare_us = per_request(bare_app.test_client(), "/v1/bare", {}, args.requests)
    client = billing.test_client()
    auth_us = per_request(client, path, auth, args.requests)
    print(f"CPU per request (test client, no HTTP server): bare {bare_us:.0f} us, auth GET {auth_us:.0f} us")

    def run():
        for _ in range(args.requests):
            client.get(path, headers=auth)
    print_profile(run, f"{args.requests} authenticated GETs", args.top)
    tmp.cleanup()


if __name__ == "__main__":
    main()
