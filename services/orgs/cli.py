"""Operators' commands of orgs: `explain` an access decision, export the `audit` log."""
import json
import sys
import uuid

from . import access, audit
from .domain import ACTIONS


def explain(config, args):
    """why the access check allows or denies: subject, action, organization [, product]"""
    try:
        subject, organization = uuid.UUID(args.subject), uuid.UUID(args.organization)
        product = uuid.UUID(args.product) if args.product else None
    except ValueError:
        print("subject, organization and product are UUIDs", file=sys.stderr)
        return 2
    # decide() only reads: explaining a decision is not a write, so nothing is audited.
    print(json.dumps(access.decide(subject, args.action, organization, product)))
    return 0


def _explain_arguments(parser):
    parser.add_argument("--subject", required=True, help="the account id")
    parser.add_argument("--action", required=True, choices=ACTIONS)
    parser.add_argument("--organization", required=True, help="the organization id")
    parser.add_argument("--product", help="the product id, for product actions")


def audit_log(config, args):
    """one organization's audit log as JSON lines, newest first"""
    try:
        organization = uuid.UUID(args.organization)
    except ValueError:
        print("organization is a UUID", file=sys.stderr)
        return 2
    before, printed = None, 0
    while printed < args.limit:
        page = audit.entries(organization, actor=args.actor, action=args.action,
                             limit=min(200, args.limit - printed), before=before)
        for entry in page["items"]:
            print(json.dumps({"id": entry.id, "at": entry.at.isoformat(), "actor_id": _text(entry.actor_id),
                              "delegation_id": _text(entry.delegation_id), "action": entry.action,
                              "target": entry.target, "outcome": entry.outcome, "detail": entry.detail}))
        printed += len(page["items"])
        before = page["next_cursor"]
        if before is None:
            break
    print(f"{printed} entr{'y' if printed == 1 else 'ies'}", file=sys.stderr)
    return 0


def _text(value):
    return str(value) if value is not None else None


def _audit_arguments(parser):
    parser.add_argument("--organization", required=True, help="the organization id")
    parser.add_argument("--actor", help="only this account's entries")
    parser.add_argument("--action", help="only this action, e.g. product.manage")
    parser.add_argument("--limit", type=int, default=1000, help="at most this many entries (default 1000)")


explain.arguments = _explain_arguments
audit_log.arguments = _audit_arguments
COMMANDS = {"explain": explain, "audit": audit_log}
