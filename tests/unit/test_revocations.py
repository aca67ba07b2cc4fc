"""ID12 at resource servers: the in-process list of revoked sessions and tokens."""
import peewee

from services.common.revocations import RevocationList


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def test_id12_revoked_sessions_and_tokens_are_refused_and_the_list_reloads_at_most_once_a_second():
    loads, revoked = [], ({"s-1"}, {"j-1"})

    def load():
        loads.append(1)
        return revoked
    clock = Clock()
    revocations = RevocationList(load, clock)
    assert revocations.is_revoked({"sid": "s-1", "jti": "j-9"}) and revocations.is_revoked({"jti": "j-1"})
    assert not revocations.is_revoked({"sid": "s-2", "jti": "j-2"}) and not revocations.is_revoked({})
    assert len(loads) == 1  # four checks, one query
    revoked = ({"s-1", "s-2"}, set())
    clock.now += 0.5
    assert not revocations.is_revoked({"sid": "s-2"})
    clock.now += 0.5
    assert revocations.is_revoked({"sid": "s-2"}) and not revocations.is_revoked({"jti": "j-1"})
    assert len(loads) == 2


def test_id12_a_database_error_keeps_the_last_list():
    state = {"fail": False}

    def load():
        if state["fail"]:
            raise peewee.OperationalError("database is locked")
        return {"s-1"}, set()
    clock = Clock()
    revocations = RevocationList(load, clock)
    assert revocations.is_revoked({"sid": "s-1"})
    state["fail"] = True
    clock.now += 5
    assert revocations.is_revoked({"sid": "s-1"})  # still refused, not a 500
