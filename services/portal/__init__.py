"""The web portal for partners and clients (PA14). A shell for now: it owns no data."""
