"""The "bare" app of bench/auth_get.py: Flask under the same gunicorn config, no auth, no
database, no middleware; the ceiling an endpoint of ours is compared with."""
from flask import Flask, jsonify

app = Flask("bench.bare")


@app.get("/healthz")
def healthz():
    return jsonify(status="ok")


@app.get("/v1/bare")
def bare():
    # About the size of a billing account document, so both responses weigh the same.
    return jsonify(organization_id="00000000-0000-0000-0000-000000000000", currency="CHF",
                   prepaid_balance={"amount": "0.00", "amount_minor": 0, "currency": "CHF"},
                   opened_at="2024-01-01T00:00:00")


@app.post("/v1/bare")
def bare_post():
    """The same answer to a POST, its body unread: the access check's request shape
    (token header, JSON body) with no work behind it (bench/access_check.py --ladder)."""
    return bare()
