"""Identity's server-rendered pages (login, and later 2FA, verification, consent)."""
from .pages import blp

__all__ = ["blp"]
