from .clients import blp as clients
from .links import blp as links
from .organizations import blp as organizations

BLUEPRINTS = [organizations, links, clients]
