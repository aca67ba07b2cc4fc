"""Identity: accounts, credentials and the OAuth2 authorization server (ID1-ID12)."""
