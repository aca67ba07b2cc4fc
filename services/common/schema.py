"""The one marshmallow base every schema of every service inherits (tests/unit/test_schema_base.py).

Binding a field to it tightens what marshmallow lets through by default, so a new schema
cannot forget: a Boolean takes JSON true/false only (not "yes", "on", "1", 1 or "t"), a
String (Email, Url... included) refuses control characters and lone surrogates (NUL would
reach PostgreSQL, which refuses it in text: a 500), except \\n, \\r and \\t in fields whose
metadata says `multiline`. `Strict` also refuses unknown fields (inputs).
"""
import unicodedata

import marshmallow
from marshmallow import RAISE, ValidationError, fields

LINE_BREAKS = frozenset("\n\r\t")


class _Exactly:
    """A `truthy`/`falsy` set matched by identity: `1 in {True}` is true in Python, `1 is True` is not."""

    def __init__(self, value):
        self.value = value

    def __contains__(self, candidate):
        return candidate is self.value

    def __bool__(self):
        return True


def _control_characters(multiline):
    allowed = LINE_BREAKS if multiline else frozenset()

    def refuse(value):
        if isinstance(value, str) and any(
                unicodedata.category(c) in ("Cc", "Cs") and c not in allowed for c in value):
            raise ValidationError("Control characters are not allowed." if not multiline
                                  else "Control characters other than line breaks and tabs are not allowed.")

    refuse.multiline = multiline
    return refuse


class Schema(marshmallow.Schema):
    def on_bind_field(self, field_name, field_obj):
        for field in (field_obj, getattr(field_obj, "inner", None)):
            if isinstance(field, fields.Boolean):
                field.truthy, field.falsy = _Exactly(True), _Exactly(False)
            elif isinstance(field, fields.String) and not any(
                    getattr(v, "multiline", None) is not None for v in field.validators):
                field.validators.append(_control_characters(bool(field.metadata.get("multiline"))))


class Strict(Schema):
    """Request shapes: a misspelt field is an error, not silently ignored."""

    class Meta:
        unknown = RAISE
