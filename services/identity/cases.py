"""Identity-verification cases (ID5, ID7): opened where software must not decide, closed by staff.

A person who forgot their login email and whose mobile matches nothing (ID5), or who knows
their password but lost both their authenticator and their backup codes (ID7), gets a case
instead of an answer. Staff check the person's identity outside the system (documents, a
call back to known contact data), then close the case with `python -m services.identity
cases resolve`. A verified two-factor-lost case is the only path that turns someone's
two-factor authentication off without their second factor (ID7)."""
import json
import uuid

from services.common.errors import Conflict, NotFound, RuleViolation
from services.common.clock import utcnow

from . import domain, mails
from .credentials import mail, revoke_sessions, text_message
from .models import Account, BackupCode, IdentityVerificationCase, TwoFactor, db

OUTCOMES = ("verified", "rejected")


def open_two_factor_case(config, account, note, ip="", user_agent=""):
    """ID7: the password was right, the second factor is lost. One open case per account:
    asking again returns the open one. The account is told by mail (it may not be them)."""
    with db.atomic():
        case = IdentityVerificationCase.get_or_none(
            (IdentityVerificationCase.account_id == account.id) & (IdentityVerificationCase.reason == "two-factor-lost")
            & (IdentityVerificationCase.status == "open"))
        if case is not None:
            return case
        case = IdentityVerificationCase.create(
            reason="two-factor-lost", account_id=account.id,
            submitted=json.dumps({"note": note, "ip": ip, "user_agent": user_agent[:200]}))
        mail(account.email, *mails.two_factor_case_opened(account, case.id))
    return case


def cases(status="open"):
    query = IdentityVerificationCase.select().order_by(IdentityVerificationCase.created_at)
    if status != "all":
        query = query.where(IdentityVerificationCase.status == status)
    return [describe(case) for case in query]


def get_case(case_id):
    try:
        case_id = uuid.UUID(str(case_id))
    except ValueError:
        raise NotFound("No such identity-verification case (case ids are UUIDs).")
    case = IdentityVerificationCase.get_or_none(IdentityVerificationCase.id == case_id)
    if case is None:
        raise NotFound("No such identity-verification case.")
    return case


def describe(case):
    account = Account.get_or_none(Account.id == case.account_id) if case.account_id else None
    return {"id": str(case.id), "reason": case.reason, "status": case.status,
            "opened_at": case.created_at.isoformat(), "submitted": json.loads(case.submitted or "{}"),
            "account": {"id": str(account.id), "email": account.email, "name": f"{account.first_name} "
                        f"{account.last_name}", "mobile": account.mobile} if account else None,
            "resolved_at": case.resolved_at.isoformat() if case.resolved_at else None,
            "resolved_by": case.resolved_by, "resolution_note": case.resolution_note}


def resolve(config, case_id, outcome, by, note="", account_email=None):
    """Close a case. `verified` on a two-factor-lost case turns 2FA off, deletes the backup
    codes and ends every session (and with them the refresh tokens); the account is mailed
    either way. `verified` on a login-email-recovery case with `account_email` (the account
    staff found for the person) texts that login to the mobile the person gave (ID5). A case
    is closed once: resolving it again is a conflict."""
    if outcome not in OUTCOMES:
        raise RuleViolation("ID7", f"The outcome is one of {', '.join(OUTCOMES)}.")
    if not (by or "").strip():
        raise RuleViolation("ID7", "Say who resolves the case (--by).")
    with db.atomic():
        case = get_case(case_id)
        if account_email is not None:
            _link_account(case, outcome, account_email)
        closed = IdentityVerificationCase.update(
            status=outcome, resolved_at=utcnow(), resolved_by=by.strip()[:100], resolution_note=note or None,
        ).where((IdentityVerificationCase.id == case.id) & (IdentityVerificationCase.status == "open")).execute()
        if closed != 1:
            raise Conflict(f"This case is already {case.status}.")
        account = Account.get_or_none(Account.id == case.account_id) if case.account_id else None
        if case.reason == "two-factor-lost" and account is not None:
            if outcome == "verified":
                TwoFactor.delete().where(TwoFactor.account == account.id).execute()
                BackupCode.delete().where(BackupCode.account == account.id).execute()
                revoke_sessions(account.id)
                mail(account.email, *mails.two_factor_turned_off(account, case.id))
            else:
                mail(account.email, *mails.two_factor_stays_on(account, case.id))
        if case.reason == "login-email-recovery" and account is not None and outcome == "verified":
            mobile = json.loads(case.submitted or "{}").get("mobile")
            text_message(mobile, mails.login_email_after_check(account, str(case.id)[:8]))
    return describe(get_case(case_id))


def _link_account(case, outcome, account_email):
    """ID5: the account staff identified for a login-email-recovery case (verified only)."""
    if case.reason != "login-email-recovery" or outcome != "verified":
        raise RuleViolation("ID5", "An account is named only when verifying a login-email-recovery case.")
    account = Account.get_or_none((Account.email == domain.normalize_email(account_email))
                                  & Account.deleted_at.is_null())
    if account is None:
        raise NotFound("No account has this login email.")
    IdentityVerificationCase.update(account_id=account.id).where(
        (IdentityVerificationCase.id == case.id) & (IdentityVerificationCase.status == "open")).execute()
    case.account_id = account.id
