"""Identity use cases: one transaction each, emitting their events through the outbox.

By topic: signup, login, twofactor, recovery, me; here the account lookup and OAuth2 clients."""
import json
import secrets

from services.common.config import ensure_secret
from services.common.db import get_or_not_found
from services.common.clock import utcnow

from . import domain
from .models import Account, OAuthClient, db


def get_account(account_id):
    return get_or_not_found(Account, (Account.id == account_id) & Account.deleted_at.is_null(),
                            detail="No such account.")


# -- OAuth2 clients -----------------------------------------------------------------

def find_client(client_id):
    return OAuthClient.get_or_none(OAuthClient.client_id == client_id)


def client_declarations(config, declared):
    """Each declared OAuth2 client, completed and checked (domain.client_declaration)."""
    portal_url = config["SERVICE_URLS"]["portal"]
    return {client_id: domain.client_declaration(client_id, value, portal_url) for client_id, value in declared.items()}


def sync_clients(config, declared):
    """Create or update the declared OAuth2 clients (domain.client_declaration), drop the others.

    Each confidential client's secret is generated once under var/secrets/<client_id>;
    public clients (token_endpoint_auth_method "none") have none.
    """
    clients = client_declarations(config, declared)
    with db.atomic():
        for client_id, client in sorted(clients.items()):
            secret_hash = ""
            if client["auth_method"] != "none":
                secret_hash = domain.hash_token(ensure_secret(config, client_id, lambda: secrets.token_urlsafe(32)))
            metadata = {key: client[key] for key in ("redirect_uris", "post_logout_redirect_uris", "grant_types",
                                                     "auth_method", "skip_consent")}
            OAuthClient.insert(
                client_id=client_id, secret_hash=secret_hash, scopes=" ".join(client["scopes"]),
                kind=client["kind"], metadata=json.dumps(metadata), updated_at=utcnow(),
            ).on_conflict(
                conflict_target=[OAuthClient.client_id],
                preserve=[OAuthClient.secret_hash, OAuthClient.scopes, OAuthClient.kind, OAuthClient.metadata,
                          OAuthClient.updated_at],
            ).execute()
        OAuthClient.delete().where(OAuthClient.client_id.not_in(list(clients))).execute()
