"""The rungs between bench/bare_app.py and orgs' access check (bench/access_check.py --ladder).

One app built like every service (`services.common.web.build_app`: correlation id, media-type
check, database connection per request, metrics, problem handlers), with orgs' token audience
and its access-check shapes, but no decision:

* `POST /v1/null`: the app's hooks around an empty answer (no token, no body read);
* `POST /v1/validated`: the service token checked (`require_scope`), the body validated with
  `AccessCheckIn`, a constant decision dumped with `DecisionOut`: everything the check does
  except reading and auditing.
"""
import os

from flask import Response
from flask.views import MethodView

from services.common.auth import require_scope
from services.common.config import load_config
from services.common.db import open_database
from services.common.web import Blueprint, build_app
from services.orgs.schemas_access import AccessCheckIn, DecisionOut

blp = Blueprint("ladder", __name__, url_prefix="/v1")
DECISION = {"decision": "allow", "reason": "product granted to a work team of the member (OR6, OR11)",
            "via": {"kind": "team", "id": "00000000-0000-0000-0000-000000000000"}}


@blp.route("/null", methods=["POST"])
def null():
    return Response("{}", mimetype="application/json")


@blp.route("/validated")
class Validated(MethodView):
    decorators = [require_scope("orgs:access-check")]

    @blp.arguments(AccessCheckIn)
    @blp.response(200, DecisionOut)
    def post(self, body):
        return DECISION


config = load_config("orgs")  # the orgs audience and issuer; its own throwaway database
app = build_app(config, open_database(os.environ["LADDER_DATABASE_URL"]), "bench ladder", [blp])
