"""What a logged-in person does with their own account (the /v1/me API)."""
import uuid

from services.common.db import get_or_not_found
from services.common.clock import utcnow
from services.common.errors import Conflict, RuleViolation

from . import domain
from .credentials import passwords, revoke_sessions
from .login import account_with_password, live_account
from .models import Account, BackupCode, BrowserSession, EmailToken, KnownDevice, LoginAttempt, TwoFactor, db, outbox
from .signup import _send_verification


def session_uuid(value):
    """The `sid` claim as a UUID, or None when absent or malformed."""
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def profile(account_id):
    account = live_account(account_id)
    account.two_factor_enabled = TwoFactor.select().where(
        (TwoFactor.account == account.id) & TwoFactor.enabled_at.is_null(False)).exists()
    return account


def change_password(account_id, session_id, current_password, new_password):
    """A new password ends every OTHER session, and with them their refresh tokens."""
    account = account_with_password(account_id, current_password)
    domain.check_new_password(new_password, account.email)
    password_hash = passwords.hash(new_password)
    with db.atomic():
        Account.update(password_hash=password_hash).where(Account.id == account.id).execute()
        revoke_sessions(account.id, keep_session_id=session_uuid(session_id))
        outbox.emit("identity.account.password_changed", {"account_id": account.id})


def request_email_change(config, account_id, new_email, password):
    """The login email changes only once the link mailed to the new address is used."""
    account = account_with_password(account_id, password)
    new_email = domain.normalize_email(new_email)
    if Account.select().where(Account.email == new_email).exists():
        raise Conflict("An account with this email address already exists.")
    with db.atomic():
        _send_verification(config, account, new_email, purpose="change-email")


def sessions(account_id):
    return list(BrowserSession.select().where((BrowserSession.account == account_id)
                                              & BrowserSession.revoked_at.is_null())
                .order_by(BrowserSession.created_at.desc()))


def revoke_session(account_id, session_id):
    session = get_or_not_found(BrowserSession, (BrowserSession.id == session_id) & (BrowserSession.account == account_id)
                               & BrowserSession.revoked_at.is_null(), detail="No such session.")
    with db.atomic():
        revoke_sessions(account_id, only=[session.id])


def sole_legal_representations(orgs_client, account_id):
    """OR7, asked of orgs (unreachable: Unavailable, and nothing is deleted)."""
    return orgs_client.get(f"/v1/accounts/{account_id}/sole-legal-representations")["organization_ids"]


def delete_account(orgs_client, account_id, password):
    """Delete the account (its row is kept, emptied, so references stay valid), unless it is the
    last legal representative of an organization (OR7)."""
    account = account_with_password(account_id, password)
    organization_ids = sole_legal_representations(orgs_client, account.id)
    if organization_ids:
        raise RuleViolation("OR7", "This account is the last legal representative of an organization: give "
                            "the role to someone else or delete the organization first.",
                            organization_ids=organization_ids)
    with db.atomic():
        Account.update(email=f"deleted-{account.id}@deleted.invalid", password_hash="!", mobile=None,
                       recovery_email=None, first_name="", last_name="", deleted_at=utcnow()).where(
            Account.id == account.id).execute()
        for table in (TwoFactor, BackupCode, EmailToken, KnownDevice, LoginAttempt):  # personal data, pending links
            table.delete().where(table.account == account.id).execute()
        revoke_sessions(account.id)
        outbox.emit("identity.account.deleted", {"account_id": account.id})


