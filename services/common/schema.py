"""The one marshmallow base every schema of every service inherits (tests/unit/test_schema_base.py).

Binding a field to it tightens what marshmallow lets through by default, so a new schema
cannot forget: a Boolean takes JSON true/false only (not "yes", "on", "1", 1 or "t"), a
String (Email, Url... included) refuses control characters and lone surrogates (NUL would
reach PostgreSQL, which refuses it in text: a 500), except \\n, \\r and \\t in fields whose
metadata says `multiline`. A timestamp is a `Timestamp`, RFC 3339 with a zone on the
wire (a naive `DateTime` is refused at binding). `Strict` also refuses unknown fields (inputs).
"""
import re
import unicodedata
from datetime import timezone

import marshmallow
from marshmallow import RAISE, ValidationError, fields, validate

LINE_BREAKS = frozenset("\n\r\t")
# The addresses marshmallow's Email accepts, narrowed to host names with a letter TLD and a local
# part of at most 64 characters (RFC 5321, as JSON Schema's "email" format checks).
EMAIL = (r"^(?=[^@]{1,64}@)[-!#$%&'*+/=?^`{}|~\w]+(\.[-!#$%&'*+/=?^`{}|~\w]+)*"
         r"@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$")


class _Exactly:
    """A `truthy`/`falsy` set matched by identity: `1 in {True}` is true in Python, `1 is True` is not."""

    def __init__(self, value):
        self.value = value

    def __contains__(self, candidate):
        return candidate is self.value

    def __bool__(self):
        return True


def has_control_characters(text, allowed=frozenset()):
    return any(unicodedata.category(c) in ("Cc", "Cs") and c not in allowed for c in text)


class NoControlCharacters(validate.Validator):
    """Refuses control characters (Unicode Cc) and lone surrogates (Cs); `multiline` lets \\n, \\r
    and \\t through. `regex` documents it as the field's `pattern` (apispec reads it), unless the
    field has a pattern of its own (apispec documents only one)."""

    def __init__(self, multiline=False, documented=True):
        self.multiline = multiline
        self.allowed = LINE_BREAKS if multiline else frozenset()
        kept = "\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f" if multiline else "\\x00-\\x1f"
        self.regex = re.compile(f"^[^{kept}\\x7f-\\x9f]*$") if documented else None

    def __call__(self, value):
        if isinstance(value, str) and has_control_characters(value, self.allowed):
            raise ValidationError("Control characters other than line breaks and tabs are not allowed."
                                  if self.multiline else "Control characters are not allowed.")
        return value


class Timestamp(fields.AwareDateTime):
    """RFC 3339 with a zone. Storage is naive UTC for now, so a naive value dumps as UTC and an
    input is converted to naive UTC (a naive input is read as UTC)."""

    def __init__(self, **kwargs):
        super().__init__(format="iso", default_timezone=timezone.utc, **kwargs)

    def _serialize(self, value, attr, obj, **kwargs):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return super()._serialize(value, attr, obj, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        moment = super()._deserialize(value, attr, data, **kwargs)
        try:
            return moment.astimezone(timezone.utc).replace(tzinfo=None)
        except OverflowError as error:  # 0001-01-01T00:00:00+01:00 is before year 1 in UTC
            raise self.make_error("invalid", input=value, obj_type=self.OBJ_TYPE) from error


class Schema(marshmallow.Schema):
    INPUT = False  # request shapes (Strict) document their validators as patterns; what is dumped is not checked

    def on_bind_field(self, field_name, field_obj):
        for field in (field_obj, getattr(field_obj, "inner", None)):
            if isinstance(field, fields.Boolean):
                field.truthy, field.falsy = _Exactly(True), _Exactly(False)
            elif isinstance(field, fields.String) and not any(
                    isinstance(v, NoControlCharacters) for v in field.validators):
                if isinstance(field, fields.Email) and self.INPUT:
                    field.validators.append(validate.Regexp(EMAIL))  # so the document says what Email accepts
                patterned = any(getattr(v, "regex", None) is not None for v in field.validators)
                field.validators.append(NoControlCharacters(bool(field.metadata.get("multiline")),
                                                            documented=self.INPUT and not patterned))
            elif isinstance(field, fields.DateTime) and not isinstance(field, fields.AwareDateTime):
                raise TypeError(f"{type(self).__name__}.{field_name}: use services.common.schema.Timestamp "
                                "(RFC 3339 with a zone), not a naive DateTime")


class Strict(Schema):
    """Request shapes: a misspelt field is an error, not silently ignored."""

    INPUT = True

    class Meta:
        unknown = RAISE
