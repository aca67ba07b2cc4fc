"""Every backend service has the same shape, none reaches into another, and the shared code
and the HTTP framework stay where they belong."""
import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SERVICES = ("identity", "orgs", "billing", "partner")
ALL_SERVICES = SERVICES + ("portal",)
SHAPE = ("app.py", "api/__init__.py", "schemas.py", "models.py", "domain.py", "service.py", "events.py", "handlers.py",
         "wsgi.py", "migrations.py", "__main__.py", "worker.py")
FRAMEWORKS = ("flask", "peewee", "pika", "marshmallow", "playhouse", "requests")
# Flask and what only makes sense inside a Flask request (its routing, request parsing, authlib's
# Flask integration).
FLASK = ("flask", "flask_smorest", "werkzeug", "webargs", "authlib.integrations")
# Where Flask may be imported: a service's app.py (its composition root), its api/ and web/
# packages (the HTTP edge), and in common the Flask app base, problem responses and the
# request-side token checks, the ops endpoints, the pages' look and languages (web.py, problems.py, auth.py, ops.py, web_pages.py). Nothing else: use cases, domain,
# handlers, workers and the service client run without a request.
FLASK_IN_COMMON = ("web.py", "problems.py", "auth.py", "ops.py", "web_pages.py")


def _imports(path):
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield ("." * node.level) + node.module


def _calls(path):
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            yield func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)


def _is(module, names):
    return any(module == name or module.startswith(name + ".") for name in names)


@pytest.mark.parametrize("service", SERVICES)
def test_every_service_has_the_same_shape(service):
    missing = [name for name in SHAPE if not (ROOT / "services" / service / name).exists()]
    assert not missing, f"services/{service} lacks {missing}"


@pytest.mark.parametrize("service", SERVICES)
def test_domain_modules_import_no_framework(service):
    imported = list(_imports(ROOT / "services" / service / "domain.py"))
    assert not [m for m in imported if m.split(".")[0] in FRAMEWORKS], imported


@pytest.mark.parametrize("service", ALL_SERVICES)
def test_no_service_imports_another_services_code(service):
    others = [f"services.{other}" for other in ALL_SERVICES if other != service] + ["services.system"]
    for path in (ROOT / "services" / service).rglob("*.py"):
        for module in _imports(path):
            assert not _is(module, others), f"{path} imports {module}"


def test_common_imports_no_service_not_even_by_name():
    """Services hand common what it needs (cli.main's arguments, the generated routing table)."""
    for path in (ROOT / "services" / "common").rglob("*.py"):
        for module in _imports(path):
            assert not module.startswith("services") or _is(module, ["services.common"]), f"{path} imports {module}"
        dynamic = {"import_module", "__import__"} & set(_calls(path))
        assert not dynamic, f"{path} imports modules by name ({dynamic})"


def _flask_allowed(path):
    relative = path.relative_to(ROOT / "services")
    top, rest = relative.parts[0], relative.parts[1:]
    if not rest:  # services/__init__.py, services/system.py
        return False
    if top == "common":
        return rest[0] in FLASK_IN_COMMON
    if top == "portal":  # the web portal is all HTTP edge: pages and calls to the services' APIs, no domain
        return True
    return rest[0] in ("api", "web", "app.py")


def test_flask_only_at_the_http_edge():
    for path in (ROOT / "services").rglob("*.py"):
        flask_imports = [m for m in _imports(path) if _is(m, FLASK)]
        assert not flask_imports or _flask_allowed(path), f"{path} imports {flask_imports}"


def test_the_layout_rules_catch_what_they_forbid(tmp_path):
    """The checks above look at real import statements: a forbidden one is seen."""
    sample = tmp_path / "sample.py"
    sample.write_text("from flask import g\nimport services.orgs.models\nmodule = import_module('x')\n")
    assert _is(next(_imports(sample)), FLASK) and "import_module" in set(_calls(sample))
    assert _is(list(_imports(sample))[1], ["services.orgs"])
    assert not _flask_allowed(ROOT / "services" / "orgs" / "service.py")
    assert _flask_allowed(ROOT / "services" / "orgs" / "api" / "access.py")
