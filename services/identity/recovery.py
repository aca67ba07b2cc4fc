"""Forgotten password (ID4) and forgotten login email (ID5). Both always answer the same way:
the response never tells whether an account exists."""
import json

from services.common.i18n import N_
from services.common.errors import NotFound
from services.common.clock import utcnow

from . import domain, mails
from .credentials import consume_link, issue_link, link, mail, passwords, revoke_sessions, text_message
from .login import account_with_password, find_account, live_account
from .models import Account, IdentityVerificationCase, db, outbox


def request_password_reset(config, email):
    """Mail a 1-hour reset link. It goes to the recovery email when one is set (ID4: the login
    mailbox may be the very thing that is lost), else to the login email."""
    account = find_account(email)
    if account is None:
        return
    with db.atomic():
        token = issue_link(account, "reset", domain.RESET_TTL)
        mail(account.recovery_email or account.email,
             *mails.password_reset(account, link(config, '/reset-password', token)))


def reset_password(token, new_password):
    """Set a new password from a reset link; every session (and its refresh tokens) ends."""
    with db.atomic():
        row = consume_link(token, "reset")
        if row is None:
            raise NotFound(N_("This reset link is invalid, used or expired; ask for a new one."))
        account = Account.get_by_id(row.account_id)
        domain.check_new_password(new_password, account.email)  # raising rolls the consumption back
        # A reset link proves the mailbox, like a verification link would.
        Account.update(password_hash=passwords.hash(new_password),
                       email_verified_at=account.email_verified_at or utcnow()).where(
            Account.id == account.id).execute()
        revoke_sessions(account.id)
        outbox.emit("identity.account.password_changed", {"account_id": account.id})


def set_recovery_email(account_id, email, password):
    account_with_password(account_id, password)
    with db.atomic():
        Account.update(recovery_email=domain.normalize_email(email)).where(Account.id == account_id).execute()
    return live_account(account_id)


def recover_login_email(config, mobile, recovery_email=None):
    """ID5: an SMS naming the login email to the matching mobile, else a case for staff."""
    query = Account.select().where((Account.mobile == mobile) & Account.deleted_at.is_null())
    if recovery_email:
        query = query.where(Account.recovery_email == domain.normalize_email(recovery_email))
    accounts = list(query)
    if not accounts:
        with db.atomic():
            IdentityVerificationCase.create(reason="login-email-recovery", submitted=json.dumps(
                {"mobile": mobile, "recovery_email": recovery_email}))
        return
    emails = ", ".join(sorted(a.email for a in accounts))
    with db.atomic():
        text_message(mobile, mails.login_email_text(accounts[0], emails))
