from .access import blp as access
from .accounts import blp as accounts
from .activity import blp as activity
from .audit import blp as audit
from .client_organizations import blp as client_organizations
from .elevations import blp as elevations
from .invitations import blp as invitations
from .logos import blp as logos
from .members import blp as members
from .organizations import blp as organizations
from .support import blp as support
from .teams import blp as teams

BLUEPRINTS = [organizations, logos, members, invitations, teams, support, audit, access, accounts,
              client_organizations, elevations, activity]
