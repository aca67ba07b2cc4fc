from .accounts import blp as accounts
from .catalogue import blp as catalogue
from .invoices import blp as invoices
from .invoices import staff as credit_notes
from .payments import blp as payments
from .prepaid import blp as prepaid
from .renewal_options import blp as renewal_options

BLUEPRINTS = [accounts, catalogue, invoices, credit_notes, payments, prepaid, renewal_options]
