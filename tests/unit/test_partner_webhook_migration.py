"""PX6: migration step 11 on a database that step 8 made before it (the upgrade path; a fresh
database gets the columns from step 8 itself)."""
import peewee

from services.partner.migrations import _webhook_retries
from services.partner.models import WebhookAttempt, WebhookDelivery, WebhookSubscription


def test_px6_migration_11_adds_the_retry_columns_to_a_step_8_delivery_table(tmp_path):
    database = peewee.SqliteDatabase(str(tmp_path / "step8.db"))
    with database.bind_ctx([WebhookSubscription, WebhookDelivery, WebhookAttempt]):
        database.create_tables([WebhookSubscription, WebhookDelivery])
        for column in ("first_attempt_at", "claimed_until", "replays"):  # the table as step 8 made it
            database.execute_sql(f"ALTER TABLE webhook_delivery DROP COLUMN {column}")
        _webhook_retries(database)
        columns = {column.name for column in database.get_columns("webhook_delivery")}
        assert {"first_attempt_at", "claimed_until", "replays"} <= columns
        assert database.table_exists("webhook_attempt")
