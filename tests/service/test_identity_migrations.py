"""Migrations 3-7 bring an identity database made before them up to date."""
import peewee

from services.common import migrations
from services.common.db import open_database
from services.identity.migrations import STEPS
from services.identity.models import Account, OAuthClient, OutboxEvent, ProcessedEvent, db


def test_an_existing_database_gains_the_new_columns_and_keeps_its_accounts_able_to_log_in(databases):
    url = databases.url("identity_old")
    old = open_database(url)

    class OldAccount(peewee.Model):  # the table as steps 1 and 2 made it
        id = peewee.UUIDField(primary_key=True)
        email = peewee.CharField(max_length=254, unique=True)
        password_hash = peewee.CharField(max_length=255)
        first_name = peewee.CharField(max_length=100)
        last_name = peewee.CharField(max_length=100)
        created_at = peewee.DateTimeField()

        class Meta:
            database = old
            table_name = "account"

    db.initialize(old)  # step 2 creates its table through identity's proxy
    old.connect()
    migrations.apply(old, "identity", [step for step in STEPS if step[0] <= 2 and step[0] != 1]
                     + [(1, "accounts (old)", lambda d: d.create_tables([OldAccount, OAuthClient, OutboxEvent, ProcessedEvent]))])
    OldAccount.create(id="7f000000-0000-4000-8000-000000000001", email="old@example.org", password_hash="x",
                      first_name="Old", last_name="Timer", created_at="2026-01-01 00:00:00")
    old.close()

    database = migrations.bind_and_migrate(db, {"DATABASE_URL": url, "SERVICE_NAME": "identity"}, STEPS)
    try:
        assert {c.name for c in database.get_columns("account")} >= {"email_verified_at", "mobile", "recovery_email",
                                                                     "deleted_at"}
        assert Account.get().email_verified_at is not None
        assert migrations.applied_versions(database) == {version for version, _name, _step in STEPS}
    finally:
        database.close()
