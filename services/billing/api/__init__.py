from .accounts import blp as accounts

BLUEPRINTS = [accounts]
