from .affiliates import blp as affiliates, staff_blp as affiliates_staff
from .applications import blp as applications, staff_blp as application_review
from .cashback import blp as cashback
from .clients import blp as clients
from .directory import blp as directory, public as public_directory
from .health import blp as health
from .links import blp as links
from .organizations import blp as organizations
from .partners import blp as partners
from .tenders import organization_blp as tenders_organization, partner_blp as tenders_partner
from .tenders import public_blp as tenders_public, staff_blp as tenders_staff
from .threshold import blp as threshold
from .webhooks import blp as webhooks

BLUEPRINTS = [organizations, applications, application_review, partners, links, clients, threshold]
BLUEPRINTS.append(webhooks)  # PX6

BLUEPRINTS.append(cashback)  # PA11
BLUEPRINTS.append(health)  # PX4
BLUEPRINTS += [tenders_public, tenders_organization, tenders_partner, tenders_staff]  # PA13
BLUEPRINTS += [affiliates, affiliates_staff]  # PA15
BLUEPRINTS.extend([directory, public_directory])  # PA12
