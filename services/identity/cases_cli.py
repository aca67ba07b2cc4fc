"""`python -m services.identity cases list|show|resolve`: staff handle identity-verification
cases (ID5, ID7). Output is JSON, one object per line for `list`."""
import json
import sys

from services.common.errors import DomainError

from . import cases


def cases_command(config, args):
    """identity-verification cases for staff: list, show, resolve (ID5, ID7)"""
    try:
        if args.action == "list":
            found = cases.cases(args.status)
            for case in found:
                print(json.dumps(case))
            print(f"{len(found)} case(s) {args.status if args.status != 'all' else 'in all'}", file=sys.stderr)
        elif args.action == "show":
            print(json.dumps(cases.describe(cases.get_case(_one_id(args))), indent=2))
        else:
            if args.outcome is None:
                print("resolve needs --outcome verified|rejected", file=sys.stderr)
                return 2
            print(json.dumps(cases.resolve(config, _one_id(args), args.outcome, args.by or "", args.note or "",
                                           account_email=args.account)))
    except (DomainError, ValueError) as error:
        print(getattr(error, "detail", None) or str(error), file=sys.stderr)
        return 1
    return 0


def _one_id(args):
    if not args.case_id:
        raise ValueError("Give the case id.")
    return args.case_id


def _arguments(parser):
    parser.add_argument("action", choices=["list", "show", "resolve"])
    parser.add_argument("case_id", nargs="?", help="show, resolve: the case")
    parser.add_argument("--status", default="open", choices=["open", "verified", "rejected", "all"],
                        help="list: which cases (default: open)")
    parser.add_argument("--outcome", choices=list(cases.OUTCOMES),
                        help="resolve: verified turns 2FA off for a two-factor-lost case; rejected changes nothing")
    parser.add_argument("--by", help="resolve: who checked the identity (recorded on the case)")
    parser.add_argument("--note", help="resolve: what was checked, and how")
    parser.add_argument("--account", help="resolve a login-email-recovery case as verified: the login email of the "
                                          "account found for the person; it is texted to the mobile they gave")


cases_command.arguments = _arguments
