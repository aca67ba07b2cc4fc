"""Identity use cases: one transaction each, emitting their events through the outbox."""
import hashlib
import json
import secrets

import peewee
from argon2 import PasswordHasher
from argon2.exceptions import VerifyMismatchError
from argon2.low_level import Type

from services.common.config import ensure_secret
from services.common.db import get_or_not_found
from services.common.errors import Conflict, Unauthorized
from services.common.outbox import utcnow

from . import domain
from .models import Account, OAuthClient, db, outbox

# argon2id, m=19 MiB, t=2, p=1: OWASP's minimum for argon2id.
passwords = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1, type=Type.ID)


def register_account(email, password, first_name, last_name, organization):
    """Sign-up (ID1, ID3): the account, and the event that makes orgs create its organization."""
    org = domain.personal_organization(first_name, last_name, organization["kind"],
                                       organization.get("name"), organization["currency"])
    password_hash = passwords.hash(password)  # slow on purpose: outside the transaction
    email = domain.normalize_email(email)
    try:
        with db.atomic():
            account = Account.create(email=email, password_hash=password_hash,
                                     first_name=first_name.strip(), last_name=last_name.strip())
            outbox.emit("identity.account.registered", {
                "account_id": account.id, "email": email, "first_name": account.first_name,
                "last_name": account.last_name, "organization": org,
            })
    except peewee.IntegrityError:
        raise Conflict("An account with this email address already exists.") from None
    return account


# Verifying against this when the email is unknown keeps both answers equally slow (ID10).
_UNKNOWN_ACCOUNT_HASH = passwords.hash("no account has this password")


def authenticate(email, password):
    """The account whose login email and password these are (ID1), or Unauthorized."""
    account = Account.get_or_none(Account.email == domain.normalize_email(email))
    try:
        passwords.verify(account.password_hash if account else _UNKNOWN_ACCOUNT_HASH, password)
    except VerifyMismatchError:
        account = None
    if account is None:
        raise Unauthorized("The email or the password is wrong.")
    return account


def get_account(account_id):
    return get_or_not_found(Account, Account.id == account_id, detail="No such account.")


# -- OAuth2 clients -----------------------------------------------------------------

def hash_client_secret(secret):
    # Client secrets are 256-bit random strings: a plain SHA-256 is enough to store them.
    return hashlib.sha256(secret.encode()).hexdigest()


def find_client(client_id):
    return OAuthClient.get_or_none(OAuthClient.client_id == client_id)


def sync_clients(config, declared):
    """Create or update the declared OAuth2 clients (domain.client_declaration), drop the others.

    Each confidential client's secret is generated once under var/secrets/<client_id>;
    public clients (token_endpoint_auth_method "none") have none.
    """
    portal_url = config["SERVICE_URLS"]["portal"]
    clients = {client_id: domain.client_declaration(client_id, value, portal_url) for client_id, value in declared.items()}
    with db.atomic():
        for client_id, client in sorted(clients.items()):
            secret_hash = ""
            if client["auth_method"] != "none":
                secret_hash = hash_client_secret(ensure_secret(config, client_id, lambda: secrets.token_urlsafe(32)))
            metadata = {key: client[key] for key in ("redirect_uris", "grant_types", "auth_method", "skip_consent")}
            OAuthClient.insert(
                client_id=client_id, secret_hash=secret_hash, scopes=" ".join(client["scopes"]),
                kind=client["kind"], metadata=json.dumps(metadata), updated_at=utcnow(),
            ).on_conflict(
                conflict_target=[OAuthClient.client_id],
                preserve=[OAuthClient.secret_hash, OAuthClient.scopes, OAuthClient.kind, OAuthClient.metadata,
                          OAuthClient.updated_at],
            ).execute()
        OAuthClient.delete().where(OAuthClient.client_id.not_in(list(clients))).execute()
