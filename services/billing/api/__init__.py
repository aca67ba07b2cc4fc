from .accounts import blp as accounts
from .catalogue import blp as catalogue

BLUEPRINTS = [accounts, catalogue]
