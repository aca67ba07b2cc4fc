"""Every backend service has the same shape, and none reaches into another's tables."""
import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SERVICES = ("identity", "orgs", "billing", "partner")
SHAPE = ("app.py", "api/__init__.py", "schemas.py", "models.py", "domain.py", "service.py", "handlers.py",
         "wsgi.py", "migrations.py", "__main__.py")
FRAMEWORKS = ("flask", "peewee", "pika", "marshmallow", "playhouse", "requests")


@pytest.mark.parametrize("service", SERVICES)
def test_every_service_has_the_same_shape(service):
    missing = [name for name in SHAPE if not (ROOT / "services" / service / name).exists()]
    assert not missing, f"services/{service} lacks {missing}"


def _imports(path):
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield ("." * node.level) + node.module


@pytest.mark.parametrize("service", SERVICES)
def test_domain_modules_import_no_framework(service):
    imported = list(_imports(ROOT / "services" / service / "domain.py"))
    assert not [m for m in imported if m.split(".")[0] in FRAMEWORKS], imported


@pytest.mark.parametrize("service", SERVICES)
def test_no_service_imports_another_services_code(service):
    others = [f"services.{other}" for other in SERVICES if other != service]
    for path in (ROOT / "services" / service).rglob("*.py"):
        for module in _imports(path):
            assert not any(module.startswith(o) for o in others), f"{path} imports {module}"
