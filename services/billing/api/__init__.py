from .accounts import blp as accounts
from .catalogue import blp as catalogue
from .renewal_options import blp as renewal_options

BLUEPRINTS = [accounts, catalogue, renewal_options]
