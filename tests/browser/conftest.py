"""Browser tests: Debian's Chromium driven by Playwright against the whole system started for
real (gunicorn, workers, RabbitMQ), on the suite's database engine. See docs/portal.md."""
import pytest

from tests.conftest import AMQP_URL
from tests.e2e.system import SERVICES, System

from .harness import Visitor, launch_chromium


@pytest.fixture(scope="session")
def chromium():
    with launch_chromium() as browser:
        yield browser


@pytest.fixture
def portal_system(tmp_path, databases, amqp_prefix):
    """The whole system, its clock movable by the test (Visitor.advance)."""
    system = System(tmp_path, databases, AMQP_URL, amqp_prefix, TEST_CLOCK="1",
                    CLOCK_FILE=str(tmp_path / "clock"), RUN_SCHEDULE_POLL_SECONDS="0.5")
    system.start(*SERVICES, "portal")
    yield system
    system.close()


@pytest.fixture
def visitor(chromium, portal_system, request):
    """A fresh browser profile on the running system; `visitor.shot(name)` screenshots the
    step under var/screenshots/<test>/ and checks it with axe-core."""
    visitor = Visitor(chromium, portal_system, request.node.name)
    yield visitor
    visitor.close()


def pytest_collection_modifyitems(items):
    for item in items:
        if "/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)
