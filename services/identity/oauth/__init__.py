"""The OAuth2 / OpenID Connect authorization server without its HTTP edge (ID12): authlib's
grants and endpoints (grants, endpoints), what they store (store, models), token lookup
(tokens), the client adapter (clients), remembered consents (consents) and the signing keys
(keys). The Flask side is in api/ (oauth_server, userinfo, the routes) and web/ (the pages)."""
