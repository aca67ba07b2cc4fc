"""orgs' API as the signed-in person (organizations, members, invitations, teams, audit)."""
from . import base

SERVICE = "orgs"


def my_organizations():
    return base.get(SERVICE, "/v1/organizations/mine")


def organization(organization_id):
    return base.get(SERVICE, f"/v1/organizations/{organization_id}")
