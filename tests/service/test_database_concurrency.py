"""Two processes writing one database: read-then-write transactions wait their turn, never fail.

SQLite cannot upgrade a deferred transaction's read lock while another connection writes and
answers "database is locked" at once; services.common.db makes every transaction begin
IMMEDIATE so writers queue on busy_timeout instead (a 500 seen under load before)."""
import threading

import peewee

from services.common.db import open_database


def test_concurrent_read_then_write_transactions_all_commit(databases):
    url = databases.url("concurrency")
    first, second = open_database(url), open_database(url)  # two pools, as two processes have
    first.execute_sql("CREATE TABLE ledger (n INTEGER NOT NULL)")
    errors, per_thread = [], 60

    def writer(database):
        try:
            for _ in range(per_thread):
                with database.atomic():
                    (count,) = database.execute_sql("SELECT COUNT(*) FROM ledger").fetchone()
                    database.execute_sql(f"INSERT INTO ledger (n) VALUES ({database.param})", (count,))
        except peewee.DatabaseError as error:  # "database is locked" before the fix
            errors.append(error)
        finally:
            database.close()

    threads = [threading.Thread(target=writer, args=(db,)) for db in (first, second, first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    counts = [row[0] for row in first.execute_sql("SELECT n FROM ledger ORDER BY n").fetchall()]
    assert len(counts) == 4 * per_thread
    if first.param == "?":  # SQLite serializes writers: each saw every earlier commit
        assert counts == list(range(4 * per_thread))
    first.close_all(), second.close_all()
