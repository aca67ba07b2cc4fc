from .accounts import blp as accounts
from .catalogue import blp as catalogue
from .payments import blp as payments
from .prepaid import blp as prepaid

BLUEPRINTS = [accounts, catalogue, payments, prepaid]
