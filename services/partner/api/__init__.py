from .applications import blp as applications, staff_blp as application_review
from .cashback import blp as cashback
from .clients import blp as clients
from .health import blp as health
from .links import blp as links
from .organizations import blp as organizations
from .partners import blp as partners
from .threshold import blp as threshold
from .webhooks import blp as webhooks

BLUEPRINTS = [organizations, applications, application_review, partners, links, clients, threshold]
BLUEPRINTS.append(webhooks)  # PX6

BLUEPRINTS.append(cashback)  # PA11
BLUEPRINTS.append(health)  # PX4
from .affiliates import blp as affiliates, staff_blp as affiliates_staff  # noqa: E402 (issue 13, PA15)
BLUEPRINTS += [affiliates, affiliates_staff]
