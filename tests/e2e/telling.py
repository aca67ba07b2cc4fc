"""A story told on a fresh system of its own (databases, clock, exchange prefix), as the stories
told twice do (clean, then with faults): tests/e2e/test_partner_money_story.py and
tests/e2e/test_partner_reach_story.py."""
from tests.browser.money_support import StoryClock
from tests.conftest import AMQP_URL, Databases, delete_topology

from .system import SERVICES, System


def tell(folder, prefix, story, faults, **env):
    """`story(system, clock, faults)` on a fresh system whose clock starts at the story's start;
    what it returns (its figures, without ids and instants)."""
    folder.mkdir()
    databases = Databases(folder)
    clock = StoryClock(folder / "clock")
    clock.to_start()
    system = System(folder, databases, AMQP_URL, prefix, TEST_CLOCK="1", CLOCK_FILE=str(folder / "clock"),
                    RUN_SCHEDULE_POLL_SECONDS="0.3", **env)
    try:
        system.start()
        return story(system, clock, faults)
    finally:
        system.close()
        databases.drop_all()
        delete_topology(prefix)


def assert_nothing_parked(system):
    """No service parked a message on its dead-letter queue."""
    for service in SERVICES:
        parked = system.cli(service, "dead-letters", "list")
        assert parked.returncode == 0 and not [x for x in parked.stdout.splitlines() if x.startswith("{")], service
