"""POST /v1/access/check (orgs) against the bare app, both under deploy/gunicorn.conf.py.

    .venv/bin/python bench/access_check.py [--amqp-url ...] [--database-url postgresql://...]
        [--seconds 10] [--rounds 5] [--connections 8] [--open-seconds 10]

Starts identity (bench client with orgs:access-check), orgs and bench/bare_app.py, seeds 200
organizations x 20 members with teams, product grants and partner delegations through orgs'
models, then (1) saturation: wrk, alternating bare GET / access check with a rotating mix of
bodies (Lua), target check >= 60 % of bare; (2) open loop at 50 % of the check's saturation
rate (Python, latency from the scheduled send time), target p99 <= 15 ms.

--ladder also measures, in the same rounds, the rungs between the two (bench/ladder_app.py):
the bare app answering the check's very request (POST, token, body), an app built like every
service answering an empty POST, the same app checking the token and validating the body
without deciding, the check with reads only, and the batch form with 10 checks a request;
their server CPU per request shows where the check's cost goes.
"""
import argparse
import json
import os
import random
import secrets
import signal
import sys
import tempfile
import uuid
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.auth_get import start, wait_up  # noqa: E402
from bench.common import bench_databases, cleanup, free_port  # noqa: E402
from bench.identity_rates import open_loop, wrk_lua  # noqa: E402
from bench.load import server_cpu  # noqa: E402

RATIO_TARGET, P99_TARGET_MS = 0.60, 15.0
BATCH = 10  # checks per request in the ladder's batch rung


def batch_payloads(payloads):
    """The same bodies, BATCH to a `POST /v1/access/check-batch` body."""
    return [json.dumps({"checks": [json.loads(p) for p in payloads[i:i + BATCH]]})
            for i in range(0, len(payloads) - BATCH + 1, BATCH)]


def seed(db_url, var_dir, orgs=200, members=20, seed_value=7):
    """Realistic rows via orgs' own code: create_organization for each (founder, outbox event,
    audit), then members/teams/grants straight into the models. Returns the check bodies."""
    from services.orgs import app as orgs_app, service
    from services.orgs.models import DelegatedGrant, Membership, Team, TeamMember, db
    rng = random.Random(seed_value)
    database = orgs_app.init_database(orgs_app.make_config(DATABASE_URL=db_url, VAR_DIR=var_dir))
    facts = []  # (org, founder, admins, teamless collaborators [(id, [product])], team members [(id, product)], products)
    for i in range(orgs):
        founder = uuid.uuid4()
        org = service.create_organization(f"Org {i}", "company", "CHF", founder, email=f"f{i}@bench.test")
        products = [str(uuid.uuid4()) for _ in range(6)]
        with db.atomic():
            people = []
            for j in range(members - 1):
                role = "administrator" if j < 2 else "collaborator"
                direct = rng.sample(products, 1) if role == "collaborator" and j % 2 else []
                account = uuid.uuid4()
                Membership.create(organization=org.id, account_id=account, role=role, email=f"m{i}.{j}@bench.test",
                                  product_ids=direct, billing_rights=(j == 2))
                people.append((account, role, direct))
            collaborators = [p for p in people if p[1] == "collaborator"]
            in_teams = []
            for t in range(3):  # OR11: three teams of four collaborators, two products each
                team = Team.create(organization=org.id, name=f"Team {t}", product_ids=products[2 * t:2 * t + 2])
                for account, _role, _direct in collaborators[4 * t:4 * t + 4]:
                    TeamMember.create(team=team.id, account_id=account)
                    in_teams.append((account, products[2 * t]))
        teamed = {account for account, _product in in_teams}  # in no team: a missing grant really denies
        facts.append((org.id, founder, [p[0] for p in people if p[1] == "administrator"],
                      [(p[0], p[2]) for p in collaborators if p[2] and p[0] not in teamed], in_teams, products))
    delegations = []
    with db.atomic():  # PA5: every 4th organization is a client of the next one (the partner)
        for i in range(0, orgs - 1, 4):
            client, partner = facts[i], facts[i + 1]
            scope = "full" if i % 8 == 0 else "limited"
            DelegatedGrant.create(partner_organization_id=partner[0], client_organization_id=client[0], scope=scope,
                                  products={client[5][0]: {"technical": True, "statistics": True}})
            delegations.append((client, partner))
    database.close()

    def body(subject, action, org, product=None):
        return {"subject": str(subject), "action": action, "organization_id": str(org),
                **({"product_id": product} if product else {})}
    bodies = []  # (body, expected decision): reads mostly, some audited writes, about 1 in 4 denied
    for org, founder, admins, direct, teamed, products in facts:
        account, granted = rng.choice(direct)
        other = next(p for p in products if p not in granted)
        teamed_account, team_product = rng.choice(teamed)
        bodies += [(body(rng.choice(admins), "product.manage", org, products[5]), "allow"),
                   (body(founder, "billing.read", org), "allow"),
                   (body(account, "product.read", org, granted[0]), "allow"),
                   (body(teamed_account, "product.read", org, team_product), "allow"),
                   (body(account, "product.read", org, other), "deny"),
                   (body(rng.choice(admins), "organization.delete", org), "deny"),
                   (body(uuid.uuid4(), "organization.read", org), "deny")]
    for client, partner in delegations:
        bodies.append((body(rng.choice(partner[2]), "product.read", client[0], client[5][0]), "allow"))
    rng.shuffle(bodies)
    return bodies


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seconds", type=int, default=10, help="saturation load per endpoint, in all")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--open-seconds", type=int, default=10, help="open-loop load at half saturation")
    parser.add_argument("--amqp-url", default=os.environ.get("AMQP_URL", "amqp://guest:guest@127.0.0.1:5694/%2F"))
    parser.add_argument("--database-url", help="postgresql://... server (default: SQLite in a temp dir)")
    parser.add_argument("--reads-only", action="store_true", help="leave out the audited write checks")
    parser.add_argument("--ladder", action="store_true", help="also measure the rungs between bare and check")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # run the finally: on kill too

    tmp = Path(tempfile.mkdtemp(prefix="bench-access-"))
    ports = {name: free_port() for name in ("identity", "orgs", "bare", "ladder")}
    url = {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
    prefix = f"bench{secrets.token_hex(4)}"
    drops, processes = [], []
    env = {**os.environ, "VAR_DIR": str(tmp / "var"), "AMQP_URL": args.amqp_url, "AMQP_PREFIX": prefix,
           "ISSUER": url["identity"], "IDENTITY_URL": url["identity"], "ORGS_URL": url["orgs"],
           "LOG_LEVEL": "WARNING", "ACCESS_TOKEN_TTL": "3600", "PYTHONUNBUFFERED": "1",
           "OAUTH_EXTRA_CLIENTS": json.dumps({"bench": ["orgs:access-check"]})}
    with cleanup(processes, drops, tmp):
        db_urls = bench_databases(("identity", "orgs"), args.database_url, prefix, tmp, drops)
        print(f"{args.workers} gunicorn workers per app; logs in {tmp}", flush=True)

        def spawn(app, name):
            processes.append(start(app, ports[name], args.workers, {**env, "DATABASE_URL": db_urls.get(name, "")}, tmp))
            return processes[-1]
        wait_up("identity", spawn("services.identity.wsgi:app", "identity"), url["identity"])  # writes secrets
        bodies = seed(db_urls["orgs"], env["VAR_DIR"])  # before orgs starts: no write contention while seeding
        orgs, bare = spawn("services.orgs.wsgi:app", "orgs"), spawn("bench.bare_app:app", "bare")
        wait_up("orgs", orgs, url["orgs"])
        wait_up("bare", bare, url["bare"])
        if args.ladder:
            env["LADDER_DATABASE_URL"] = f"sqlite:///{tmp}/ladder.db"
            ladder = spawn("bench.ladder_app:app", "ladder")
            wait_up("ladder", ladder, url["ladder"])
        secret = (tmp / "var/secrets/bench").read_text().strip()
        response = requests.post(url["identity"] + "/oauth/token", auth=("bench", secret), timeout=10,
                                 data={"grant_type": "client_credentials", "scope": "orgs:access-check"})
        response.raise_for_status()
        headers = {"Authorization": f"Bearer {response.json()['access_token']}", "Content-Type": "application/json"}
        check_url = url["orgs"] + "/v1/access/check"
        wrong = []
        for body, expected in bodies:  # every body once: the decisions are the expected ones (and warms up)
            got = requests.post(check_url, json=body, headers=headers, timeout=10)
            if got.status_code != 200 or got.json()["decision"] != expected:
                wrong.append((body, expected, got.status_code, got.text[:200]))
        if wrong:
            raise SystemExit(f"{len(wrong)} unexpected decisions, e.g. {wrong[:3]}")
        allowed = sum(expected == "allow" for _b, expected in bodies)
        print(f"{len(bodies)} bodies checked ({allowed} allow, {len(bodies) - allowed} deny)", flush=True)

        # Writes (product.manage, organization.delete) insert an audit row in the request (OR14).
        payloads = [json.dumps(b) for b, _e in bodies if not (args.reads_only and not b["action"].endswith(".read"))]
        print(f"load mix: {len(payloads)} bodies, {sum('.read' not in p for p in payloads)} audited writes", flush=True)
        targets = {"bare": (url["bare"] + "/v1/bare", None, bare.pid), "check": (check_url, payloads, orgs.pid)}
        if args.ladder:
            reads = [p for p in payloads if '.read"' in p]
            targets = {"bare": targets["bare"],
                       "bare POST": (url["bare"] + "/v1/bare", payloads, bare.pid),
                       "app null": (url["ladder"] + "/v1/null", payloads, ladder.pid),
                       "app auth+body": (url["ladder"] + "/v1/validated", payloads, ladder.pid),
                       "check reads": (check_url, reads, orgs.pid),
                       "check": targets["check"],
                       # The batch form (OR14): BATCH checks of the same mix per request.
                       f"batch x{BATCH}": (check_url + "-batch", batch_payloads(payloads), orgs.pid)}
        for target, payload, _pid in targets.values():
            wrk_lua(target, payload, headers, args.connections, 2, tmp)  # warm-up
        rounds = max(1, args.rounds)
        step = max(1, round(args.seconds / rounds))
        print(f"saturation: {rounds} rounds of {step}s per endpoint, {args.connections} connections", flush=True)
        totals = {name: [0, 0.0, 0.0, 0.0] for name in targets}  # requests, p50*n, p99*n, server CPU s
        failed = {name: 0 for name in targets}  # non-2xx and socket errors, counted in wrk's requests
        for _ in range(rounds):
            for name, (target, payload, pid) in targets.items():
                cpu = server_cpu(pid)
                _rate, p50, p99, count, errors = wrk_lua(target, payload, headers, args.connections, step, tmp)
                failed[name] += errors
                total = totals[name]
                total[0] += count
                total[1] += p50 * count
                total[2] += p99 * count
                total[3] += server_cpu(pid) - cpu
        results = {name: (n / (step * rounds), p50 / n, p99 / n, cpu / n * 1e3)
                   for name, (n, p50, p99, cpu) in totals.items()}
        rate = results["check"][0] / 2
        print(f"open loop: {rate:.0f} req/s (50 % of saturation) for {args.open_seconds}s", flush=True)
        open_rate, open_p50, open_p99, late, open_failed, statuses = open_loop(
            check_url, payloads, headers, rate, args.open_seconds)

    print(f"\n{'':13} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'server CPU ms/req':>18} {'req/s vs bare':>14}")
    for name, (r, p50, p99, cpu) in results.items():
        print(f"{name:13} {r:9,.0f} {p50:8.2f} {p99:8.2f} {cpu:18.2f} {r / results['bare'][0]:14.1%}")
    batch = results.get(f"batch x{BATCH}")
    if batch:
        print(f"batch x{BATCH}: {batch[0] * BATCH:,.0f} decisions/s = {batch[0] * BATCH / results['bare'][0]:.0%} of "
              f"bare's req/s; {batch[3] / BATCH:.2f} ms of server CPU per decision (for information)")
    print(f"open loop at {rate:,.0f} req/s: achieved {open_rate:,.0f} req/s, p50 {open_p50:.2f} ms, "
          f"p99 {open_p99:.2f} ms (from scheduled send time; {late} sends started > 1 ms late)")
    ratio = results["check"][0] / results["bare"][0]
    print(f"CPU-per-request ratio bare/check {results['bare'][3] / results['check'][3]:.1%} (for information)")
    errors = sum(failed.values()) + open_failed
    ok_ratio, ok_p99, ok_errors = ratio >= RATIO_TARGET, open_p99 <= P99_TARGET_MS, errors == 0
    print(f"failed requests: saturation {failed}, open loop {open_failed} {statuses} "
          f"(must be 0): {'PASS' if ok_errors else 'FAIL'}")
    print(f"ratio check/bare {ratio:.1%} (target >= {RATIO_TARGET:.0%}): {'PASS' if ok_ratio else 'BELOW'}")
    print(f"p99 at half saturation {open_p99:.2f} ms (target <= {P99_TARGET_MS:g} ms): {'PASS' if ok_p99 else 'BELOW'}")
    return 0 if ok_ratio and ok_p99 and ok_errors else 1


if __name__ == "__main__":
    sys.exit(main())
