from .accounts import blp as accounts
from .addresses import blp as addresses
from .catalogue import blp as catalogue
from .exports import blp as exports
from .invoices import blp as invoices
from .invoices import staff as credit_notes
from .orders import blp as orders
from .payments import blp as payments
from .prepaid import blp as prepaid
from .products import blp as products
from .rebilling import blp as rebilling
from .renewal_options import blp as renewal_options

BLUEPRINTS = [accounts, catalogue, invoices, credit_notes, payments, prepaid, renewal_options, orders, products,
              addresses, rebilling]
BLUEPRINTS.append(exports)  # PA9
