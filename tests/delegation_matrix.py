"""Issue 11's delegation matrix (PA5-PA7, PA10): scope x action x actor -> allowed?, one table
checked through orgs' domain (tests/unit/test_orgs_delegation_matrix.py), through orgs' access
check over HTTP (tests/service/test_orgs_delegations.py) and, by billing, through its endpoints.

PRODUCT is the client's product the link names; a limited scope grants rights on it only.
"""
PRODUCT = "3f0c7c8e-2a7b-4d55-9d0e-0b8c6a1f2e33"

# The LinkState scope fields of each scope of the matrix.
SCOPES = {
    "limited-technical": {"scope": "limited", "products": {PRODUCT: {"technical": True, "statistics": False}},
                          "billing": False},
    "limited-statistics": {"scope": "limited", "products": {PRODUCT: {"technical": False, "statistics": True}},
                           "billing": False},
    "full": {"scope": "full", "products": None, "billing": False},
    "full-billing": {"scope": "full", "products": None, "billing": True},
}
# The actions, as the access check names them (a product action on PRODUCT).
ACTIONS = {
    "read a product": ("product.read", PRODUCT),
    "manage a product": ("product.manage", PRODUCT),
    "read invoices": ("billing.read", None),
    "pay invoices": ("billing.manage", None),
    "manage members": ("members.manage", None),
    "change the organization's details": ("organization.update", None),
}
# partner legal representative, partner administrator, assigned staff (a collaborator assigned
# to the client with products None: all the link grants), unassigned staff (a collaborator of
# the partner without assignment), anyone after the link stopped (here the legal representative).
ACTORS = ("partner legal representative", "partner administrator", "assigned staff", "unassigned staff",
          "anyone after the link stopped")

_ALLOWED_BY_SCOPE = {
    "limited-technical": {"read a product", "manage a product"},
    "limited-statistics": {"read a product"},
    "full": {"read a product", "manage a product"},
    "full-billing": {"read a product", "manage a product", "read invoices", "pay invoices"},
}


def expected(scope, action, actor):
    """True when `actor` may do `action` in the client under a link of `scope`."""
    if actor in ("unassigned staff", "anyone after the link stopped"):
        return False  # PA7: nothing without an assignment; PA10: nothing once stopped
    return action in _ALLOWED_BY_SCOPE[scope]  # members and details: never through a link (PA6)


def cases():
    """(scope, action, actor, allowed) for every cell of the matrix."""
    return [(scope, action, actor, expected(scope, action, actor))
            for scope in SCOPES for action in ACTIONS for actor in ACTORS]
