"""Identity's server-rendered pages (login, and later 2FA, verification, consent)."""
from .links import blp as links
from .pages import blp

__all__ = ["blp", "links"]
