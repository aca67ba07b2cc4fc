"""The common schema base (services/common/schema.py): every schema inherits it, and what it makes strict."""
import importlib
import inspect
import pkgutil

import marshmallow
import pytest
from marshmallow import ValidationError, fields

import services
from services.common.schema import Schema, Strict


def schema_classes():
    """Every marshmallow schema class defined in a module under services/."""
    found = {}
    for module_info in pkgutil.walk_packages(services.__path__, "services."):
        if module_info.name.rsplit(".", 1)[-1] in ("__main__", "wsgi"):  # these run a CLI or build an app
            continue
        module = importlib.import_module(module_info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, marshmallow.Schema) and cls.__module__.startswith("services."):
                found[f"{cls.__module__}.{cls.__qualname__}"] = cls
    return found


def test_every_schema_of_every_service_inherits_the_common_base():
    classes = schema_classes()
    assert len(classes) > 40  # the walk found the services' schemas, not nothing
    strays = [name for name, cls in classes.items() if not issubclass(cls, Schema)]
    assert not strays, f"inherit services.common.schema.Schema (or Strict): {strays}"


class Sample(Strict):
    flag = fields.Boolean()
    name = fields.String()
    note = fields.String(metadata={"multiline": True})
    tags = fields.List(fields.String())


@pytest.mark.parametrize("value", ["yes", "on", "1", "t", "true", 1, 0, "", None, [], {}])
def test_booleans_take_json_true_and_false_only(value):
    with pytest.raises(ValidationError) as refused:
        Sample().load({"flag": value})
    assert "flag" in refused.value.messages


def test_true_and_false_still_load():
    assert Sample().load({"flag": True}) == {"flag": True}
    assert Sample().load({"flag": False}) == {"flag": False}


@pytest.mark.parametrize("value", ["Anna\x00", "A\nB", "tab\there", "\x1b[31mred", "del\x7f", "c1\x85", "\ud800"])
def test_strings_refuse_control_characters_and_lone_surrogates(value):
    with pytest.raises(ValidationError, match="Control characters"):
        Sample().load({"name": value})
    with pytest.raises(ValidationError, match="Control characters"):
        Sample().load({"tags": [value]})


def test_multiline_fields_take_line_breaks_and_tabs_but_no_other_control_character():
    assert Sample().load({"note": "line one\r\n\tline two"})["note"] == "line one\r\n\tline two"
    with pytest.raises(ValidationError, match="other than line breaks"):
        Sample().load({"note": "nul\x00"})


def test_ordinary_text_loads_unchanged():
    assert Sample().load({"name": "Zoë Müller-Łukasik 山田"}) == {"name": "Zoë Müller-Łukasik 山田"}


def test_the_validator_is_added_once_per_schema_instance():
    schema = Sample()
    assert len(schema.fields["name"].validators) == 1
    assert len(Sample().fields["name"].validators) == 1
