"""The person's own profile: name and language (PATCH /v1/me), and the mobile number that
recovers the login email (ID5)."""
from .login import account_with_password, live_account
from .models import Account, db, outbox

PROFILE_FIELDS = ("first_name", "last_name", "language")


def change_profile(account_id, **changes):
    """Change the given fields of first_name, last_name and language (None: the browser's);
    other services learn the whole profile as it now is (identity.account.profile-changed)."""
    account = live_account(account_id)
    values = {name: changes[name] for name in PROFILE_FIELDS if name in changes}
    for name in ("first_name", "last_name"):
        if name in values:
            values[name] = values[name].strip()
    with db.atomic():
        Account.update(**values).where(Account.id == account.id).execute()
        account = live_account(account_id)
        outbox.emit("identity.account.profile-changed", {
            "account_id": account.id, "first_name": account.first_name, "last_name": account.last_name,
            "language": account.language})
    return account


def set_mobile(account_id, mobile, password):
    """Set (or, with None, remove) the mobile number, after re-entering the password (ID5)."""
    account_with_password(account_id, password)
    with db.atomic():
        Account.update(mobile=mobile).where(Account.id == account_id).execute()
    return live_account(account_id)
