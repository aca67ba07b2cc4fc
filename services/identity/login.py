"""The password step of a login (ID1, ID2, ID10), login activity (ID9) and new-device notices (ID8)."""
from datetime import timedelta

import peewee
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from services.common.i18n import N_
from services.common.db import get_or_not_found
from services.common.errors import Forbidden, RuleViolation, Unauthorized
from services.common.clock import utcnow

from . import domain, mails
from .credentials import mail, passwords
from .models import Account, KnownDevice, LoginAttempt, db

WRONG = N_("The email or the password is wrong.")
UNVERIFIED = N_("Confirm your email address first: open the link we sent you (or ask for a new one).")

# Verifying against this when the email is unknown keeps both answers equally slow (ID10).
_UNKNOWN_ACCOUNT_HASH = passwords.hash("no account has this password")


def _recent_failures(condition):
    since = utcnow() - timedelta(hours=1)
    return LoginAttempt.select().where(condition & (LoginAttempt.at >= since) & ~LoginAttempt.success).count()


def throttled(config, account, ip):
    account_failures = _recent_failures(LoginAttempt.account == account.id) if account else 0
    return domain.is_throttled(account_failures, _recent_failures(LoginAttempt.ip == ip),
                               config.get("LOGIN_FAILURES_PER_ACCOUNT", domain.FAILURES_PER_ACCOUNT_PER_HOUR),
                               config.get("LOGIN_FAILURES_PER_IP", domain.FAILURES_PER_IP_PER_HOUR))


def record_attempt(account, success, ip, user_agent, device):
    with db.atomic():
        LoginAttempt.create(account=account, success=success, ip=ip[:64], user_agent=user_agent[:300],
                            device=device[:64])


def find_account(email):
    return Account.get_or_none((Account.email == domain.normalize_email(email)) & Account.deleted_at.is_null())


def live_account(account_id):
    return get_or_not_found(Account, (Account.id == account_id) & Account.deleted_at.is_null(),
                            detail="No such account.")


def account_with_password(account_id, password):
    """The account, when `password` re-entered by its owner is right (403 otherwise)."""
    account = live_account(account_id)
    if not check_password(account, password):
        raise Forbidden(N_("The password is wrong."))
    return account


def check_password(account, password):
    """True when `password` is the account's; always as slow as a real check (ID10)."""
    try:
        return passwords.verify(account.password_hash if account else _UNKNOWN_ACCOUNT_HASH, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def reauthenticate(config, account_id, password, client_id):
    """PA10: the person's password, re-entered in another service (client `client_id`), which
    forwards it and never sees a hash. Nothing when right; else RuleViolation PA10 (a 422).
    Failures count toward the account's sign-in throttle (ID10), a throttled account gets the
    same answer as a wrong password, and every attempt shows in the login activity (ID9), the
    calling service standing where a browser's address would be."""
    account = live_account(account_id)
    blocked = domain.is_throttled(_recent_failures(LoginAttempt.account == account.id), 0,
                                  config.get("LOGIN_FAILURES_PER_ACCOUNT", domain.FAILURES_PER_ACCOUNT_PER_HOUR))
    correct = check_password(account, password)  # checked even when blocked: same timing
    record_attempt(account, correct and not blocked, f"service:{client_id}", "re-authentication", "")
    if blocked or not correct:
        wrong = N_("The password is incorrect.")
        raise RuleViolation("PA10", wrong, errors={"password": [wrong]})


def password_step(config, email, password, ip="", user_agent="", device=""):
    """The account whose email and password these are, or Unauthorized with one generic message
    for wrong password, unknown email and throttling alike (ID10). Every attempt is recorded (ID9)."""
    account = find_account(email)
    blocked = throttled(config, account, ip)
    correct = check_password(account, password)  # checked even when blocked: same timing
    if blocked or not correct:
        record_attempt(account, False, ip, user_agent, device)
        raise Unauthorized(WRONG)
    if account.email_verified_at is None:
        record_attempt(account, False, ip, user_agent, device)
        raise Unauthorized(UNVERIFIED)  # only someone who knows the password learns this (ID2)
    if passwords.check_needs_rehash(account.password_hash):
        with db.atomic():
            Account.update(password_hash=passwords.hash(password)).where(Account.id == account.id).execute()
    return account


def authenticate(email, password):
    """The account for this email and password, or Unauthorized (no throttling, no record)."""
    account = find_account(email)
    if not check_password(account, password) or account.email_verified_at is None:
        raise Unauthorized(WRONG)
    return account


def note_device(config, account, device, ip, user_agent=""):
    """Record a successful login; mail a security notice when its device or network is new (ID8).

    The very first login after sign-up sends nothing: there is nothing to compare with yet."""
    network = domain.network_prefix(ip)
    known = KnownDevice.select().where(KnownDevice.account == account.id)
    new_device = not known.where(KnownDevice.device == device).exists()
    new_network = not known.where(KnownDevice.network == network).exists()
    first_login = not known.exists()
    with db.atomic():
        try:
            with db.atomic():  # a savepoint: two logins at once may both find the pair new
                KnownDevice.create(account=account.id, device=device, network=network)
        except peewee.IntegrityError:
            pass
        LoginAttempt.create(account=account.id, success=True, ip=ip[:64], user_agent=user_agent[:300],
                            device=device[:64])
        if (new_device or new_network) and not first_login:
            mail(account.email, *mails.new_sign_in(account, new_device, f"{utcnow():%Y-%m-%d %H:%M}", network,
                                                   user_agent[:120]))


def login_activity(account_id, page=1, per_page=20):
    query = (LoginAttempt.select().where(LoginAttempt.account == account_id)
             .order_by(LoginAttempt.at.desc(), LoginAttempt.id.desc()))
    return {"items": list(query.paginate(page, per_page)), "page": page, "per_page": per_page,
            "total": query.count()}
