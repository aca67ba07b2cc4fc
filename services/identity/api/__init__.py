from .accounts import blp as accounts
from .oauth import blp as oauth
from ..web import blp as pages

BLUEPRINTS = [accounts]
PLAIN_BLUEPRINTS = [oauth, pages]  # OAuth2 speaks RFC 6749; pages are HTML forms
