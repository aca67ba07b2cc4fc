"""Orgs: organizations, memberships, roles and the access check (OR1-OR14)."""
