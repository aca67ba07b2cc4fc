"""partner-portal services: identity, orgs, billing, partner and the portal."""
SERVICES = ("identity", "orgs", "billing", "partner")
