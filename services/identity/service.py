"""Identity use cases: one transaction each, emitting their events through the outbox.

By topic: signup, login, twofactor, recovery, me; here the account lookup and OAuth2 clients."""
import hashlib
import secrets

from services.common.config import ensure_secret
from services.common.db import get_or_not_found
from services.common.outbox import utcnow

from .models import Account, OAuthClient, db

# The use cases live in one module per topic; these names stay importable from here.
from .credentials import passwords  # noqa: E402,F401
from .login import authenticate  # noqa: E402,F401
from .signup import register_account  # noqa: E402,F401


def get_account(account_id):
    return get_or_not_found(Account, (Account.id == account_id) & Account.deleted_at.is_null(),
                            detail="No such account.")


# -- OAuth2 clients -----------------------------------------------------------------

def hash_client_secret(secret):
    # Client secrets are 256-bit random strings: a plain SHA-256 is enough to store them.
    return hashlib.sha256(secret.encode()).hexdigest()


def find_client(client_id):
    return OAuthClient.get_or_none(OAuthClient.client_id == client_id)


def sync_service_clients(config, declared):
    """Create or update the declared service clients; each secret is generated once under var/."""
    with db.atomic():
        for client_id, scopes in sorted(declared.items()):
            secret = ensure_secret(config, client_id, lambda: secrets.token_urlsafe(32))
            OAuthClient.insert(
                client_id=client_id, secret_hash=hash_client_secret(secret),
                scopes=" ".join(sorted(scopes)), kind="service", updated_at=utcnow(),
            ).on_conflict(
                conflict_target=[OAuthClient.client_id],
                preserve=[OAuthClient.secret_hash, OAuthClient.scopes, OAuthClient.updated_at],
            ).execute()
        OAuthClient.delete().where(
            (OAuthClient.kind == "service") & OAuthClient.client_id.not_in(list(declared))
        ).execute()
