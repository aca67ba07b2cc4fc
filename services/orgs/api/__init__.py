from .accounts import blp as accounts
from .invitations import blp as invitations
from .members import blp as members
from .organizations import blp as organizations

BLUEPRINTS = [organizations, members, invitations, accounts]
