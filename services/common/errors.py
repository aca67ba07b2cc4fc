"""The error hierarchy every service raises; plain Python, usable from domain code.

`ERROR_STATUS` maps each class to its HTTP status; `problems.py` renders RFC 9457 documents.
"""


class DomainError(Exception):
    slug = "error"
    title = "Error"

    def __init__(self, detail=None, **extensions):
        super().__init__(detail or self.title)
        self.detail = detail or self.title
        self.extensions = extensions


class BadRequest(DomainError):
    slug, title = "bad-request", "Bad request"


class Unauthorized(DomainError):
    slug, title = "unauthorized", "Authentication required"


class Forbidden(DomainError):
    slug, title = "forbidden", "Forbidden"


class NotFound(DomainError):
    slug, title = "not-found", "Not found"


class Conflict(DomainError):
    slug, title = "conflict", "Conflict"


class RuleViolation(DomainError):
    """A business rule says no; `rule` is its id in DOMAIN.md (e.g. "OR7")."""

    slug, title = "rule-violation", "Business rule violated"

    def __init__(self, rule, detail, **extensions):
        super().__init__(detail, rule=rule, **extensions)


class PayloadTooLarge(DomainError):
    """A body over what the endpoint takes (e.g. a logo over 512 KiB)."""

    slug, title = "payload-too-large", "Payload too large"


class UnsupportedMediaType(DomainError):
    slug, title = "unsupported-media-type", "Unsupported media type"


class Unavailable(DomainError):
    slug, title = "unavailable", "Service unavailable"


ERROR_STATUS = {
    BadRequest: 400,
    Unauthorized: 401,
    Forbidden: 403,
    NotFound: 404,
    Conflict: 409,
    PayloadTooLarge: 413,
    UnsupportedMediaType: 415,
    RuleViolation: 422,
    Unavailable: 503,
}
