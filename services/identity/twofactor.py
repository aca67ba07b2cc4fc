"""Two-factor authentication with TOTP and backup codes (ID6, ID7)."""
import base64
import io
import secrets

import qrcode

from services.common import clock
from services.common.errors import Conflict, NotFound, RuleViolation
from services.common.clock import utcnow

from . import domain
from .login import account_with_password, live_account, record_attempt, throttled
from .models import BackupCode, BrowserSession, TwoFactor, db

_BACKUP_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read off paper


def is_enabled(account_id):
    return TwoFactor.select().where((TwoFactor.account == account_id) & TwoFactor.enabled_at.is_null(False)).exists()


def _pending(account_id):
    live_account(account_id)
    row = TwoFactor.get_or_none(TwoFactor.account == account_id)
    if row is None:
        raise NotFound("Two-factor authentication has not been started.")
    if row.enabled_at is not None:
        raise Conflict("Two-factor authentication is already on.")
    return row


def start(account_id):
    """A fresh secret to put in an authenticator app; 2FA is on only after `activate`."""
    if is_enabled(account_id):
        raise Conflict("Two-factor authentication is already on.")
    account = live_account(account_id)
    secret = base64.b32encode(secrets.token_bytes(20)).decode().rstrip("=")
    with db.atomic():
        TwoFactor.delete().where(TwoFactor.account == account_id).execute()
        TwoFactor.create(account=account_id, secret=secret)
    return {"secret": secret, "otpauth_uri": domain.otpauth_uri(secret, account.email)}


def qr_png(account_id):
    row = _pending(account_id)
    image = qrcode.make(domain.otpauth_uri(row.secret, live_account(account_id).email))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _new_backup_code():
    code = "".join(secrets.choice(_BACKUP_ALPHABET) for _ in range(10))
    return f"{code[:5]}-{code[5:]}"


def activate(account_id, code, now=None):
    """Turn 2FA on with a first code; returns the 10 backup codes, shown only this once (ID6)."""
    row = _pending(account_id)
    step = domain.accepted_step(row.secret, code, now if now is not None else clock.timestamp(), row.last_step)
    if step is None:
        raise RuleViolation("ID6", "The code is wrong or expired; enter the current code of your app.")
    codes = [_new_backup_code() for _ in range(domain.BACKUP_CODE_COUNT)]
    with db.atomic():
        TwoFactor.update(enabled_at=utcnow(), last_step=step).where(TwoFactor.account == account_id).execute()
        BackupCode.delete().where(BackupCode.account == account_id).execute()
        BackupCode.insert_many([{"account": account_id, "code_hash": domain.hash_token(domain.normalize_backup_code(c))}
                                for c in codes]).execute()
    return codes


def check_second_factor(account_id, code, now=None):
    """True when `code` is an unused TOTP code or an unused backup code; either is then spent."""
    row = TwoFactor.get_or_none((TwoFactor.account == account_id) & TwoFactor.enabled_at.is_null(False))
    if row is None:
        return False
    step = domain.accepted_step(row.secret, code, now if now is not None else clock.timestamp(), row.last_step)
    with db.atomic():
        if step is not None:
            # Conditional update: two requests with the same code cannot both win.
            return TwoFactor.update(last_step=step).where(
                (TwoFactor.account == account_id)
                & (TwoFactor.last_step.is_null() | (TwoFactor.last_step < step))).execute() == 1
        code_hash = domain.hash_token(domain.normalize_backup_code(code))
        return BackupCode.update(used_at=utcnow()).where(
            (BackupCode.account == account_id) & (BackupCode.code_hash == code_hash)
            & BackupCode.used_at.is_null()).execute() == 1


def disable(account_id, session_id, password):
    """ID7: only from a session that passed 2FA in this login, with the password again."""
    session = BrowserSession.get_or_none((BrowserSession.id == session_id) & (BrowserSession.account == account_id)
                                         & BrowserSession.revoked_at.is_null())
    if session is None or not session.two_factor_passed:
        raise RuleViolation("ID7", "Turning two-factor authentication off needs a login that passed it.")
    account_with_password(account_id, password)
    if not is_enabled(account_id):
        raise NotFound("Two-factor authentication is not on.")
    with db.atomic():
        TwoFactor.delete().where(TwoFactor.account == account_id).execute()
        BackupCode.delete().where(BackupCode.account == account_id).execute()


def second_factor_step(config, account, code, ip="", user_agent="", device=""):
    """The second step of a login with 2FA on; wrong codes count as failed logins (ID10)."""
    if throttled(config, account, ip) or not check_second_factor(account.id, code):
        record_attempt(account, False, ip, user_agent, device)
        return False
    return True
