import pytest

from tests.conftest import AMQP_URL

from .system import System


@pytest.fixture
def system(tmp_path, databases, amqp_prefix):
    running = System(tmp_path, databases, AMQP_URL, amqp_prefix)
    yield running
    running.close()


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)
