"""One small client module per service the portal calls (identity.py, orgs.py, ...): the only
place that knows their paths. Every call carries the signed-in person's own token (base.py)."""
