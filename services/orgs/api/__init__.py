from .members import blp as members
from .organizations import blp as organizations

BLUEPRINTS = [organizations, members]
