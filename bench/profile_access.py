"""Where the CPU of one access check goes: cProfile, in-process, no gunicorn.

    .venv/bin/python -m bench.profile_access [--requests 2000] [--top 30] [--reads-only]

Seeds orgs as bench/access_check.py does (SQLite in a temp dir), builds identity and orgs apps
in this process, gets a token with orgs:access-check through identity's test client, and
profiles N checks of the same shuffled mix next to N calls of the bare app.
"""
import argparse
import base64
import json
import logging
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script or with -m

from bench.access_check import seed  # noqa: E402
from bench.bare_app import app as bare_app  # noqa: E402
from bench.common import print_profile  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--reads-only", action="store_true")
    args = parser.parse_args()
    from services.identity import app as identity_app
    from services.orgs import app as orgs_app

    tmp = tempfile.TemporaryDirectory(prefix="bench-profile-")
    common = {"VAR_DIR": tmp.name, "LOG_LEVEL": "WARNING", "ISSUER": "http://127.0.0.1:1"}
    clients = {**identity_app.declared_clients(), "bench": ["orgs:access-check"]}
    identity = identity_app.create_app(identity_app.make_config(
        DATABASE_URL=f"sqlite:///{tmp.name}/identity.db", OAUTH_CLIENTS=clients, **common)).test_client()
    orgs_url = f"sqlite:///{tmp.name}/orgs.db"
    bodies = seed(orgs_url, tmp.name)
    if args.reads_only:
        bodies = [(b, e) for b, e in bodies if b["action"].endswith(".read")]
    orgs = orgs_app.create_app(orgs_app.make_config(DATABASE_URL=orgs_url, **common))
    orgs.extensions["token_validator"].jwks._fetch = lambda: identity.get("/.well-known/jwks.json").get_json()
    logging.disable(logging.WARNING)
    secret = (Path(tmp.name) / "secrets/bench").read_text().strip()
    basic = base64.b64encode(f"bench:{secret}".encode()).decode()
    token = identity.post("/oauth/token", data={"grant_type": "client_credentials", "scope": "orgs:access-check"},
                          headers={"Authorization": f"Basic {basic}"}).get_json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    client = orgs.test_client()
    payloads = [json.dumps(b) for b, _e in bodies]

    def run(n):
        for i in range(n):
            response = client.post("/v1/access/check", data=payloads[i % len(payloads)], headers=headers,
                                   content_type="application/json")
        assert response.status_code == 200, response.get_data(as_text=True)

    for body, expected in bodies:  # warm, and the decisions are the expected ones
        got = client.post("/v1/access/check", json=body, headers=headers).get_json()
        assert got["decision"] == expected, (body, expected, got)
    bare = bare_app.test_client()
    started = time.process_time()
    for _ in range(args.requests):
        bare.get("/v1/bare")
    bare_us = (time.process_time() - started) / args.requests * 1e6
    started = time.process_time()
    run(args.requests)
    check_us = (time.process_time() - started) / args.requests * 1e6
    print(f"CPU per request (test client, no HTTP server): bare {bare_us:.0f} us, access check {check_us:.0f} us "
          f"({bare_us / check_us:.0%})")

    print_profile(lambda: run(args.requests), f"{args.requests} access checks", args.top)
    tmp.cleanup()


if __name__ == "__main__":
    main()
