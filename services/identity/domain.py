"""Identity rules as plain functions: no Flask, no peewee, no pika."""
import base64
import hashlib
import hmac
import ipaddress
import struct
from datetime import timedelta
from urllib.parse import quote, urlencode

from services.common.errors import RuleViolation

VERIFICATION_TTL = timedelta(hours=24)  # ID2 (our choice)
RESET_TTL = timedelta(hours=1)  # ID4 (our choice)
PENDING_LOGIN_TTL = timedelta(minutes=5)  # between the password and the second factor (ID6)
BACKUP_CODE_COUNT = 10  # ID6
FAILURES_PER_ACCOUNT_PER_HOUR = 100  # ID10 (our choice)
FAILURES_PER_IP_PER_HOUR = 300  # ID10 (our choice)


# ID3: the organization a sign-up creates is named after the person, or the company.
def personal_organization(first_name, last_name, kind, company_name=None, currency="CHF"):
    if kind == "company":
        if not (company_name or "").strip():
            raise RuleViolation("ID3", "A company sign-up needs the company's name.")
        name = company_name.strip()
    else:
        name = f"{first_name.strip()} {last_name.strip()}"
    return {"kind": kind, "name": name, "currency": currency}


def normalize_email(email):
    """Addresses compare case-insensitively in practice; keep one spelling per account."""
    local, _, domain = email.strip().rpartition("@")
    return f"{local}@{domain.lower()}".lower()


def audiences_for(scopes):
    """A token is meant for the services its scopes name: 'orgs:read' -> 'orgs'."""
    return sorted({scope.split(":", 1)[0] for scope in scopes})


# -- Passwords (ID1) -------------------------------------------------------------------

# The most used passwords of public breach lists that are 10+ characters long.
COMMON_PASSWORDS = frozenset("""
1234567890 0987654321 1q2w3e4r5t 1qaz2wsx3edc qwertyuiop qwerty1234 qwerty12345 password12
password123 password1234 passw0rd123 iloveyou12 abcdefghij abc1234567 aaaaaaaaaa 1111111111
0000000000 123123123123 1234567891 12345678910 qwertyuiop123 asdfghjkl1 zxcvbnm123 letmein123
welcome123 welcome1234 football123 baseball123 sunshine123 princess123 dragon1234 monkey1234
trustno123 superman123 starwars123 computer123 administrator changeme123 motdepasse passwort123
""".split())


def password_problems(password, email=""):
    """What is wrong with a new password, as sentences (empty when it is acceptable)."""
    problems = []
    lowered = password.lower()
    local = normalize_email(email).split("@")[0] if email else ""
    if len(password) < 10:
        problems.append("It must be at least 10 characters long.")
    if password.isdigit():
        problems.append("It must not be only digits.")
    if local and len(local) >= 3 and local in lowered:
        problems.append("It must not contain the part of your email address before the @.")
    if lowered in COMMON_PASSWORDS or lowered == normalize_email(email):
        problems.append("It is one of the most common passwords.")
    return problems


def check_new_password(password, email=""):
    problems = password_problems(password, email)
    if problems:
        raise RuleViolation("ID1", "The password is too weak: " + " ".join(problems), reasons=problems)


# -- Single-use mailed links (ID2, ID4) ----------------------------------------------------

def link_is_usable(expires_at, used_at, now):
    return used_at is None and now < expires_at


# -- TOTP, RFC 6238 (ID6) ----------------------------------------------------------------

TOTP_STEP_SECONDS, TOTP_DIGITS, TOTP_WINDOW = 30, 6, 1


def totp_at_step(secret_b32, step):
    key = base64.b32decode(secret_b32 + "=" * (-len(secret_b32) % 8), casefold=True)
    digest = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF
    return str(number % 10 ** TOTP_DIGITS).zfill(TOTP_DIGITS)


def time_step(now_timestamp):
    return int(now_timestamp) // TOTP_STEP_SECONDS


def accepted_step(secret_b32, code, now_timestamp, last_step=None):
    """The time-step `code` matches (current ±1), or None; a step at or before the last
    accepted one is refused, so each code works at most once."""
    code = (code or "").strip().replace(" ", "")
    if len(code) != TOTP_DIGITS or not code.isdigit():
        return None
    current = time_step(now_timestamp)
    for step in range(current - TOTP_WINDOW, current + TOTP_WINDOW + 1):
        if last_step is not None and step <= last_step:
            continue
        if hmac.compare_digest(totp_at_step(secret_b32, step), code):
            return step
    return None


def otpauth_uri(secret_b32, email, issuer="Partner Portal"):
    label = quote(f"{issuer}:{email}")
    query = urlencode({"secret": secret_b32, "issuer": issuer, "algorithm": "SHA1",
                       "digits": TOTP_DIGITS, "period": TOTP_STEP_SECONDS})
    return f"otpauth://totp/{label}?{query}"


def normalize_backup_code(code):
    return (code or "").strip().replace("-", "").replace(" ", "").upper()


# -- Devices, locations, throttling (ID8, ID10) ---------------------------------------------

def network_prefix(ip):
    """The /24 (IPv4) or /48 (IPv6) network an address belongs to: a 'location'."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return "unknown"
    prefix = 24 if address.version == 4 else 48
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False))


def is_throttled(account_failures, ip_failures, per_account=FAILURES_PER_ACCOUNT_PER_HOUR,
                 per_ip=FAILURES_PER_IP_PER_HOUR):
    return account_failures >= per_account or ip_failures >= per_ip
