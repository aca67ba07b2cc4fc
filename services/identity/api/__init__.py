from .accounts import blp as accounts
from .me import blp as me
from .oauth import blp as oauth
from ..web import blp as pages, language, links, render

BLUEPRINTS = [accounts, me]
PLAIN_BLUEPRINTS = [oauth, pages, links, language, render]  # OAuth2 speaks RFC 6749; pages are HTML forms
