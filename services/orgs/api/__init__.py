from .accounts import blp as accounts
from .invitations import blp as invitations
from .members import blp as members
from .organizations import blp as organizations
from .teams import blp as teams

BLUEPRINTS = [organizations, members, invitations, teams, accounts]
