"""Identity's server-rendered pages (login, and later 2FA, verification, consent)."""
from .links import blp as links
from . import signup_page  # noqa: F401 - registers /signup on the blueprint
from .pages import blp

__all__ = ["blp", "links"]
