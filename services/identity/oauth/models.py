"""Identity's OAuth2 tables: authorization codes, refresh-token families, revoked access tokens.

Codes and refresh tokens are stored only as SHA-256 hashes: a copy of the database
holds nothing an attacker could present.
"""
import peewee

from services.common.clock import utcnow

from ..models import Account, Base, BrowserSession


class AuthorizationCode(Base):
    code_hash = peewee.CharField(max_length=64, primary_key=True)
    client_id = peewee.CharField(max_length=100)
    account = peewee.ForeignKeyField(Account, on_delete="CASCADE")
    session = peewee.ForeignKeyField(BrowserSession, on_delete="CASCADE")
    redirect_uri = peewee.TextField()
    scope = peewee.TextField()
    nonce = peewee.CharField(max_length=255, null=True)
    code_challenge = peewee.CharField(max_length=128)
    code_challenge_method = peewee.CharField(max_length=10)
    auth_time = peewee.BigIntegerField()
    amr = peewee.CharField(max_length=50)  # space separated
    expires_at = peewee.DateTimeField()
    used_at = peewee.DateTimeField(null=True)
    access_jti = peewee.CharField(max_length=64, null=True)  # revoked if the code is replayed

    # What authlib's grants and OpenIDCode ask of a code.
    def get_redirect_uri(self):
        return self.redirect_uri

    def get_scope(self):
        return self.scope

    def get_nonce(self):
        return self.nonce

    def get_auth_time(self):
        return self.auth_time

    def get_acr(self):
        return None

    def get_amr(self):
        return self.amr.split()


class RefreshToken(Base):
    """One refresh token; all tokens rotated from one authorization share a `family`."""

    token_hash = peewee.CharField(max_length=64, primary_key=True)
    family = peewee.UUIDField(index=True)
    code_hash = peewee.CharField(max_length=64, index=True)  # the authorization it came from
    client_id = peewee.CharField(max_length=100)
    account = peewee.ForeignKeyField(Account, on_delete="CASCADE")
    session = peewee.ForeignKeyField(BrowserSession, on_delete="CASCADE", index=True)
    scope = peewee.TextField()
    auth_time = peewee.BigIntegerField()
    amr = peewee.CharField(max_length=50)
    expires_at = peewee.DateTimeField()
    created_at = peewee.DateTimeField(default=utcnow)
    used_at = peewee.DateTimeField(null=True)
    revoked_at = peewee.DateTimeField(null=True)
    # The access token issued together with this refresh token: revoking the family (reuse,
    # RFC 7009) announces it, so services stop accepting it before it expires.
    access_jti = peewee.CharField(max_length=64, null=True)
    access_expires_at = peewee.DateTimeField(null=True)

    # What authlib's RefreshTokenGrant asks of a refresh token.
    def check_client(self, client):
        return client.get_client_id() == self.client_id

    def get_scope(self):
        return self.scope


class RevokedAccessToken(Base):
    """Access tokens revoked before they expire (RFC 7009); introspection reports them inactive."""

    jti = peewee.CharField(max_length=64, primary_key=True)
    expires_at = peewee.DateTimeField()
    revoked_at = peewee.DateTimeField(default=utcnow)


class OAuthConsent(Base):
    """The scopes a person allowed a third-party app; asked again only for scopes not in here."""

    account = peewee.ForeignKeyField(Account, on_delete="CASCADE")
    client_id = peewee.CharField(max_length=100)
    scopes = peewee.TextField()  # space separated, every scope ever allowed to this app
    granted_at = peewee.DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("account", "client_id"), True),)


OAUTH_TABLES = [AuthorizationCode, RefreshToken, RevokedAccessToken]
