from .accounts import blp as accounts
from .oauth import blp as oauth

BLUEPRINTS = [accounts]
PLAIN_BLUEPRINTS = [oauth]  # OAuth2 endpoints speak RFC 6749, not our JSON API
