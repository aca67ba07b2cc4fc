"""BI14: money is never a float. No module under services/ may convert to float, write a
float literal or declare a float column or field, except the few places below, each of
which measures time (seconds) rather than money. A new entry needs the same justification."""
import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

FLOAT_NAMES = {"float", "FloatField", "DoubleField", "Float"}  # peewee columns, marshmallow's fields.Float
# int / int is a float in Python: a true division whose operand names an amount is flagged too.
MONEY_WORDS = ("minor", "amount", "price", "total", "balance", "cashback")

# (module, enclosing function or class, the flagged expression): why it is not money.
ALLOWED = {
    ("services/common/clock.py", "_file_offset", "float"): "the test clock's offset, seconds",
    ("services/common/clock.py", "stored", "float"): "epoch seconds of a JWT claim or an event",
    ("services/common/money.py", "exact", "float"): "the check that refuses floats",
    ("services/common/jwks.py", "JWKSCache.__init__", "0.0"): "monotonic time of the last JWKS fetch",
    ("services/common/auth.py", "ServiceTokenValidator.check", "float"): "a token's exp claim, epoch seconds",
    ("services/common/client.py", "ClientCredentials.__init__", "0.0"): "monotonic time to renew the cached token",
    ("services/common/client.py", "ClientCredentials._fetch", "float"): "a token's expires_in, in seconds",
    ("services/common/config.py", "load_config", "float"): "RELAY_POLL_SECONDS",
    ("services/common/consumer.py", "Consumer.run", "0.5"): "reconnect pause in seconds",
    ("services/common/metrics.py", "<module>", "*"): "latency histogram buckets in seconds",
    ("services/common/relay.py", "Relay.run", "0.5"): "reconnect pause in seconds",
    ("services/common/relay.py", "Relay._tick", "1.0"): "retry delay in seconds",
    ("services/common/revocations.py", "RevocationList", "1.0"): "reload interval in seconds",
    ("services/identity/oauth/keys.py", "new_key", "1000000.0"): "microseconds of the key id's timestamp",
}


def _names(node):
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)} | \
        {n.attr for n in ast.walk(node) if isinstance(n, ast.Attribute)}


def float_uses(source):
    """(enclosing function or class, flagged expression, line) for every float in `source`."""
    found = []

    def visit(node, scope):
        for child in ast.iter_child_nodes(node):
            inner = scope
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                inner = child.name if scope == "<module>" else f"{scope}.{child.name}"
            if isinstance(child, ast.Constant) and isinstance(child.value, float):
                found.append((scope, repr(child.value), child.lineno))
            elif isinstance(child, ast.Name) and child.id in FLOAT_NAMES:
                found.append((scope, child.id, child.lineno))
            elif isinstance(child, ast.Attribute) and child.attr in FLOAT_NAMES:
                found.append((scope, child.attr, child.lineno))
            elif isinstance(child, ast.BinOp) and isinstance(child.op, ast.Div):
                words = [name for name in _names(child) if any(word in name.lower() for word in MONEY_WORDS)]
                if words:
                    found.append((scope, f"/ on {sorted(words)}", child.lineno))
            visit(child, inner)

    visit(ast.parse(source), "<module>")
    return found


def _unexplained(path):
    module = path.relative_to(ROOT).as_posix()
    return [f"{module}:{line} {expression} in {scope}" for scope, expression, line in float_uses(path.read_text())
            if (module, scope, expression) not in ALLOWED and (module, scope, "*") not in ALLOWED]


def test_bi14_no_service_module_uses_float():
    flagged = [use for path in sorted((ROOT / "services").rglob("*.py")) for use in _unexplained(path)]
    assert not flagged, "money is never a float (BI14):\n" + "\n".join(flagged)


def test_every_allowed_float_still_exists():
    """An allow-list entry whose float is gone would silently excuse a new one there."""
    present = {(path.relative_to(ROOT).as_posix(), scope, expression)
               for path in (ROOT / "services").rglob("*.py") for scope, expression, _ in float_uses(path.read_text())}
    stale = [key for key in ALLOWED if key[2] != "*" and key not in present]
    assert not stale, stale


def test_the_check_catches_a_planted_float():
    planted = (
        "def invoice_total(amount, lines):\n"
        "    total = float(amount)\n"
        "    share = amount.minor / len(lines)\n"
        "    vat = total * 0.081\n"
        "class Line(Model):\n"
        "    price = FloatField()\n"
        "    shown = fields.Float()\n"
        "def half(seconds):\n"
        "    return seconds / 2\n"
    )
    assert [(scope, expression) for scope, expression, _ in float_uses(planted)] == [
        ("invoice_total", "float"), ("invoice_total", "/ on ['amount', 'minor']"), ("invoice_total", "0.081"),
        ("Line", "FloatField"), ("Line", "Float")]
