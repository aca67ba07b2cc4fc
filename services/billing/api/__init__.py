from .accounts import blp as accounts
from .addresses import blp as addresses
from .catalogue import blp as catalogue
from .orders import blp as orders
from .products import blp as products
from .renewal_options import blp as renewal_options

BLUEPRINTS = [accounts, catalogue, renewal_options, orders, products, addresses]
