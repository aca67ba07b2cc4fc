"""Sign-up and email verification (ID1-ID3)."""
import peewee

from services.common.i18n import N_
from services.common.errors import Conflict
from services.common.clock import utcnow

from . import domain, mails
from .credentials import consume_link, issue_link, link, mail, passwords
from .invitations import open_invitation
from .models import Account, db, outbox

def _send_verification(config, account, to, purpose="verify"):
    token = issue_link(account, purpose, domain.VERIFICATION_TTL, new_email=to if purpose != "verify" else None)
    mail(to, *mails.verification(account, to, link(config, '/verify-email', token)))


def register_account(config, email, password, first_name, last_name, organization=None, mobile=None,
                     verified=False, invitation_token=None, orgs_client=None, language=None, referral_code=None):
    """Sign-up (ID1-ID3): an unverified account, its verification mail, and the event that
    makes orgs create its organization right away (it waits for no verification).

    Through an invitation, orgs adds the account to the inviting organization instead; the
    address needs no verification mail, since the invitation reached it. `language` (one of
    i18n.LANGUAGES, or None for the browser's) is that of the person's mails and pages.
    `referral_code` (PA15, shape checked at the edge) goes with the event: partner attributes
    the new organization to its affiliate; identity keeps nothing of it."""
    email = domain.normalize_email(email)
    domain.check_new_password(password, email)
    if invitation_token is not None:
        open_invitation(orgs_client, invitation_token, email)
        verified = True
    organization = organization or {"kind": "individual", "currency": "CHF"}  # the fallback if the invitation lapses
    org = domain.personal_organization(first_name, last_name, organization["kind"],
                                       organization.get("name"), organization.get("currency", "CHF"))
    password_hash = passwords.hash(password)  # slow on purpose: outside the transaction
    try:
        with db.atomic():
            account = Account.create(email=email, password_hash=password_hash, mobile=mobile,
                                     first_name=first_name.strip(), last_name=last_name.strip(), language=language,
                                     email_verified_at=utcnow() if verified else None)
            outbox.emit("identity.account.registered", {
                "account_id": account.id, "email": email, "first_name": account.first_name,
                "last_name": account.last_name, "organization": org, "invitation_token": invitation_token,
                "language": language, "referral_code": referral_code,
            })
            if not verified:
                _send_verification(config, account, email)  # recorded here, mailed after commit
    except peewee.IntegrityError:
        raise Conflict(N_("An account with this email address already exists.")) from None
    return account


def resend_verification(config, email):
    """Always quiet (the caller answers 202 whatever happens): no hint whether the email exists."""
    account = Account.get_or_none((Account.email == domain.normalize_email(email)) & Account.deleted_at.is_null())
    if account is None or account.email_verified_at is not None:
        return
    with db.atomic():
        _send_verification(config, account, account.email)


def verify_email(token, config=None):
    """Consume a verification or change-of-email link; returns what was confirmed, or None.
    A changed login email is announced to the old address too (with `config`), so a takeover
    through a stolen session does not go unnoticed."""
    with db.atomic():
        row = consume_link(token, "verify") or consume_link(token, "change-email")
        if row is None:
            return None
        account = Account.get_by_id(row.account_id)
        if row.purpose == "verify":
            Account.update(email_verified_at=account.email_verified_at or utcnow()).where(
                Account.id == account.id).execute()
            outbox.emit("identity.account.verified", {"account_id": account.id, "email": account.email})
            return account.email
        try:
            with db.atomic():
                Account.update(email=row.new_email, email_verified_at=utcnow()).where(Account.id == account.id).execute()
        except peewee.IntegrityError:
            return None  # someone took the address since the link was sent
        outbox.emit("identity.account.email_changed", {"account_id": account.id, "old_email": account.email,
                                                       "email": row.new_email})
        if config is not None:
            mail(account.email, *mails.login_email_changed(account, row.new_email))
        return row.new_email
