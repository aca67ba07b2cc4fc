"""`python -m services.identity staff grant|revoke EMAIL | list`: the provider's staff accounts.

A staff account's tokens carry the scope `staff` when the portal asks for it (domain.STAFF_SCOPE);
the partner service's review endpoints require it (PA1). Revoking takes effect on the account's
next token: one already issued keeps it until it expires (ACCESS_TOKEN_TTL, 10 minutes)."""
import sys

from . import domain
from .models import Account, db


def set_staff(email, staff):
    """True when the account exists (and now is, or is not, staff)."""
    with db.atomic():
        return Account.update(staff=staff).where((Account.email == domain.normalize_email(email))
                                                 & Account.deleted_at.is_null()).execute() == 1


def staff_command(config, args):
    """the provider's staff accounts (scope `staff`): grant EMAIL, revoke EMAIL, list"""
    if args.action == "list":
        accounts = list(Account.select().where(Account.staff & Account.deleted_at.is_null()).order_by(Account.email))
        for account in accounts:
            print(account.email)
        print(f"{len(accounts)} staff account(s)", file=sys.stderr)
        return 0
    if not args.email:
        print(f"{args.action} needs the account's EMAIL", file=sys.stderr)
        return 2
    if not set_staff(args.email, args.action == "grant"):
        print(f"no account {args.email}", file=sys.stderr)
        return 1
    print(f"{domain.normalize_email(args.email)} {'is staff now' if args.action == 'grant' else 'is no longer staff'}")
    return 0


staff_command.arguments = lambda parser: (parser.add_argument("action", choices=["grant", "revoke", "list"]),
                                          parser.add_argument("email", nargs="?", help="grant, revoke: the login email"))
