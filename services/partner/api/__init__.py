from .applications import blp as applications, staff_blp as application_review
from .organizations import blp as organizations
from .partners import blp as partners

BLUEPRINTS = [organizations, applications, application_review, partners]
