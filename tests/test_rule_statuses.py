"""One business rule id answers with one HTTP status in every service.

A rule that says *who* may act is refused with 403 (Forbidden); a rule about the state of
things with 422 (RuleViolation). The walk below finds every place a rule id is cited in an
error (`RuleViolation("OR7", ...)`, `Forbidden(..., rule="OR5")`, a helper taking `rule` that
raises one, a table of rule ids handed to `rule=`) and fails when one id gets two statuses or
one not decided here."""
import ast
import re
from pathlib import Path

from services.common import errors

ROOT = Path(__file__).resolve().parents[1]
RULE = re.compile(r"^(ID|OR|BI|PA|PX)\d+$")
STATUS = {cls.__name__: status for cls, status in errors.ERROR_STATUS.items()}

# The decision per rule (DOMAIN.md). Who may: 403. What state allows: 422.
RULE_STATUS = {
    "ID1": 422, "ID3": 422, "ID5": 422, "ID6": 422, "ID7": 422,
    "OR4": 403, "OR5": 403, "OR10": 403, "OR12": 403, "OR14": 403,
    "OR1": 422, "OR7": 422, "OR8": 422, "OR11": 422, "OR13": 422,
    "BI1": 422, "BI2": 422, "BI3": 422, "BI4": 422, "BI5": 422, "BI7": 422, "BI8": 422, "BI10": 422,
    "BI12": 422, "BI14": 422,
    "BI13": 404,  # who may, but a denied billing check reveals nothing: 404, never 403
    "PA1": 422, "PA3": 422,
    # Partner links (issue 11): who may is orgs' access check (403 without a rule); these are states.
    "PA4": 422, "PA5": 422, "PA7": 422, "PA8": 422, "PA10": 422, "PX1": 422, "PX3": 422,
    "PX5": 422,  # rebilling: a rule taking effect in an invoiced month, a bad logo, a rule already in effect
    "PX6": 422,  # webhooks (issue 12): an endpoint refused (SSRF), a paused subscription replayed, limits
    "PA13": 422,  # calls for tenders (issue 13): deadline, expired link, not open, provider products unconfirmed
    "PA12": 422,  # directory (issue 13): a profile of an organization not (or no longer) approved, a bad logo
}


def _trees():
    for path in sorted((ROOT / "services").rglob("*.py")):
        yield path, ast.parse(path.read_text())


def _rule_ids(node):
    return [n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)
            and RULE.match(n.value)]


def _raised_class(call):
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)


def _tables(trees):
    """Module-level dicts of rule ids: {name: [ids]} (a `rule=TABLE.get(...)` cites them all)."""
    return {target.id: _rule_ids(node.value) for _, tree in trees for node in tree.body
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Dict)
            for target in node.targets if isinstance(target, ast.Name)}


def _helpers(trees):
    """Functions with a `rule` parameter that raise an error with `rule=rule`: {name: status}."""
    found = {}
    for _, tree in trees:
        for func in ast.walk(tree):
            if isinstance(func, ast.FunctionDef) and "rule" in [a.arg for a in func.args.args]:
                for call in ast.walk(func):
                    if isinstance(call, ast.Call) and _raised_class(call) in STATUS and any(
                            k.arg == "rule" and isinstance(k.value, ast.Name) for k in call.keywords):
                        found[func.name] = STATUS[_raised_class(call)]
    return found


def cited_statuses():
    """{rule id: {status: [where]}} over every service."""
    trees = list(_trees())
    tables, helpers, cited = _tables(trees), _helpers(trees), {}
    for path, tree in trees:
        for call in ast.walk(tree):
            if not isinstance(call, ast.Call):
                continue
            name, ids, status = _raised_class(call), [], None
            if name == "RuleViolation" and call.args:
                ids, status = _rule_ids(call.args[0]), STATUS[name]
            elif name in STATUS:
                for keyword in (k for k in call.keywords if k.arg == "rule"):
                    names = [n.id if isinstance(n, ast.Name) else n.attr for n in ast.walk(keyword.value)
                             if isinstance(n, (ast.Name, ast.Attribute))]
                    ids = _rule_ids(keyword.value) + [i for n in names for i in tables.get(n, [])]
                status = STATUS[name]
            elif name in helpers:
                ids, status = [i for arg in call.args for i in _rule_ids(arg)], helpers[name]
            for rule in ids:
                cited.setdefault(rule, {}).setdefault(status, []).append(f"{path.relative_to(ROOT)}:{call.lineno}")
    return cited


def test_every_rule_cited_in_an_error_answers_with_the_status_decided_for_it():
    cited = cited_statuses()
    assert {"OR4", "OR5", "OR7", "OR13", "ID1"} <= set(cited)  # the walk sees all the ways rules are cited
    for rule, statuses in cited.items():
        assert len(statuses) == 1, f"{rule} answers {sorted(statuses)}: {statuses}"
        assert rule in RULE_STATUS, f"{rule} is cited ({statuses}) but has no decided status here"
        assert set(statuses) == {RULE_STATUS[rule]}, f"{rule}: {statuses}, decided {RULE_STATUS[rule]}"
