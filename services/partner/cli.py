"""Operators' commands of partner: `applications list [--status S] | approve ID | reject ID --reason TEXT`
(PA1: the provider's staff review applications; an operator's decision records no reviewing account)."""
import json
import sys
import uuid

from services.common.client import ServiceClient
from services.common.errors import DomainError

from . import applications as use_cases
from .app import ORGS_SCOPES
from .schemas_applications import ApplicationOut


def applications(config, args):
    """review partner applications (PA1): list [--status], approve ID, reject ID --reason TEXT"""
    try:
        if args.action == "list":
            return _list(args.status)
        application_id = uuid.UUID(args.id or "")
        orgs = ServiceClient(config, "orgs", ORGS_SCOPES)  # the legal representatives to mail
        if args.action == "approve":
            decided = use_cases.approve(orgs, application_id, None)
        elif not (args.reason or "").strip():
            print("reject needs --reason TEXT (it is mailed to the applicant)", file=sys.stderr)
            return 2
        else:
            decided = use_cases.reject(orgs, application_id, None, args.reason.strip())
    except ValueError:
        print("ID is an application's UUID (see `applications list`)", file=sys.stderr)
        return 2
    except DomainError as error:
        print(error.detail, file=sys.stderr)
        return 1
    print(f"{decided.status}: {decided.legal_name} ({decided.id})")
    return 0


def _list(status):
    shown, cursor = 0, None
    while True:
        found = use_cases.applications_page(status, cursor, 200)
        for application in found["items"]:
            print(json.dumps(ApplicationOut().dump(application), sort_keys=True))
        shown += len(found["items"])
        cursor = found["next_cursor"]
        if cursor is None:
            break
    print(f"{shown} application(s){' ' + status if status else ''}", file=sys.stderr)
    return 0


applications.arguments = lambda parser: (
    parser.add_argument("action", choices=["list", "approve", "reject"]),
    parser.add_argument("id", nargs="?", help="approve, reject: the application's id"),
    parser.add_argument("--status", choices=["pending", "approved", "rejected"], help="list: only these"),
    parser.add_argument("--reason", help="reject: why (mailed to the organization's legal representatives)"))
COMMANDS = {"applications": applications}
