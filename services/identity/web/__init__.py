"""Identity's server-rendered pages (login, 2FA, sign-up, recovery, mailed links, consent, logout)."""
from .language import blp as language
from .links import blp as links
from . import recovery_pages, signup_page  # noqa: F401 - register their routes on `blp`
from .pages import blp
from .render import blp as render, page_errors

for _blueprint in (blp, language, links):
    page_errors(_blueprint)

__all__ = ["blp", "language", "links", "render"]
