"""Instants stored as epoch seconds become naive-UTC timestamps (services/common/clock.py),
rows converted: orgs' revoked credentials (step 6) and identity's OAuth2 expiries (step 14)."""
from datetime import datetime

from services.common import migrations
from services.common.db import open_database
from services.identity import migrations as identity_migrations
from services.identity.models import db as identity_db
from services.identity.oauth.models import RevokedAccessToken
from services.orgs import migrations as orgs_migrations
from services.orgs.models import RevokedCredential
from services.orgs.models import db as orgs_db

EPOCH = 1_767_225_600.5  # 2026-01-01 00:00:00.5 UTC


def test_orgs_revoked_credentials_expiries_become_timestamps(databases):
    url = databases.url("orgs_old")
    old = open_database(url)
    orgs_db.initialize(old)
    old.connect()
    previous = [s for s in orgs_migrations.STEPS if s[0] < 5] + [(5, "revoked credentials, epoch seconds", lambda d: (
        d.execute_sql("CREATE TABLE revoked_credentials (kind VARCHAR(20) NOT NULL, value VARCHAR(100) NOT NULL, "
                      "expires_at DOUBLE PRECISION NOT NULL, PRIMARY KEY (kind, value))"),
        d.execute_sql("CREATE INDEX revoked_credentials_expires_at ON revoked_credentials (expires_at)")))]
    migrations.apply(old, "orgs", previous)
    old.execute_sql(f"INSERT INTO revoked_credentials VALUES ('session', 's1', {EPOCH})")
    old.close()

    database = migrations.bind_and_migrate(orgs_db, {"DATABASE_URL": url, "SERVICE_NAME": "orgs"}, orgs_migrations.STEPS)
    try:
        assert RevokedCredential.get().expires_at == datetime(2026, 1, 1, 0, 0, 0, 500000)
        assert "revoked_credentials_expires_at" in {i.name for i in database.get_indexes("revoked_credentials")}
    finally:
        database.close()


def test_identity_revoked_access_token_expiries_become_timestamps(databases):
    url = databases.url("identity_old")
    old = open_database(url)
    identity_db.initialize(old)
    old.connect()
    migrations.apply(old, "identity", [s for s in identity_migrations.STEPS if s[0] < 14])
    # Step 11 now creates the tables with timestamps: put back the epoch column they had.
    old.execute_sql("DROP TABLE revokedaccesstoken")
    old.execute_sql("CREATE TABLE revokedaccesstoken (jti VARCHAR(64) PRIMARY KEY, expires_at DOUBLE PRECISION "
                    "NOT NULL, revoked_at TIMESTAMP NOT NULL)")
    old.execute_sql(f"INSERT INTO revokedaccesstoken VALUES ('j1', {EPOCH}, '2026-01-01 00:00:00')")
    old.close()

    database = migrations.bind_and_migrate(identity_db, {"DATABASE_URL": url, "SERVICE_NAME": "identity"},
                                           identity_migrations.STEPS)
    try:
        assert RevokedAccessToken.get().expires_at == datetime(2026, 1, 1, 0, 0, 0, 500000)
        assert 14 in migrations.applied_versions(database)
    finally:
        database.close()
