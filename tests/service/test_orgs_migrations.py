"""Orgs' schema steps bring a database made by the first version up to date, data kept."""
import uuid

import peewee

from services.common import db as dbmod
from services.common import migrations
from services.orgs import app as orgs_app
from services.orgs.migrations import STEPS
from services.orgs.models import Membership, Organization, Team
from tests.conftest import service_config


def first_version_tables(database):
    """The organization and membership tables exactly as step 1 made them before this issue."""

    class Organization(peewee.Model):
        id = peewee.UUIDField(primary_key=True)
        name = peewee.CharField(max_length=100)
        kind = peewee.CharField(max_length=20)
        currency = peewee.CharField(max_length=3)
        created_at = peewee.DateTimeField()

    class Membership(peewee.Model):
        organization = peewee.ForeignKeyField(Organization, on_delete="CASCADE")
        account_id = peewee.UUIDField(index=True)
        role = peewee.CharField(max_length=30)
        external = peewee.BooleanField(default=False)
        created_at = peewee.DateTimeField()

    database.bind([Organization, Membership])
    database.create_tables([Organization, Membership])
    return Organization, Membership


def test_an_organization_made_by_the_first_schema_survives_the_new_steps(tmp_path, databases):
    config = service_config(orgs_app, tmp_path, databases, "orgs_first_schema")
    database = dbmod.open_database(config["DATABASE_URL"])
    migrations.apply(database, "orgs", [])  # creates schema_migrations
    OldOrganization, OldMembership = first_version_tables(database)
    org_id, account_id = uuid.uuid4(), uuid.uuid4()
    OldOrganization.create(id=org_id, name="Old", kind="company", currency="CHF", created_at="2026-01-01 00:00:00")
    OldMembership.create(organization=org_id, account_id=account_id, role="legal_representative",
                         created_at="2026-01-01 00:00:00")
    database.execute_sql("INSERT INTO schema_migrations (version, name) VALUES (1, 'first')")
    database.close()

    fresh = orgs_app.init_database(config)
    try:
        member = Membership.get()
        assert (member.account_id, member.billing_rights, member.email, member.product_ids) == (
            account_id, False, None, None)
        assert Organization.get().initials is None and Team.select().count() == 0
        assert migrations.apply(fresh, "orgs", STEPS) == []
    finally:
        fresh.close()
