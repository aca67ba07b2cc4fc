"""Config defaults follow the ports bin/start honours, so an operator command run next to
`IDENTITY_PORT=9001 bin/start` signs tokens for the identity that is really running."""
from services.common.config import load_config


def test_service_addresses_follow_the_port_variables_unless_a_url_is_given(monkeypatch):
    for name in ("ISSUER", "IDENTITY_URL", "ORGS_URL", "IDENTITY_PORT", "ORGS_PORT", "BILLING_PORT", "BILLING_URL"):
        monkeypatch.delenv(name, raising=False)
    assert load_config("orgs")["ISSUER"] == "http://127.0.0.1:8001"
    monkeypatch.setenv("IDENTITY_PORT", "9001")
    monkeypatch.setenv("BILLING_PORT", "9003")
    monkeypatch.setenv("ORGS_URL", "http://orgs.internal:8002")
    config = load_config("orgs")
    assert config["ISSUER"] == "http://127.0.0.1:9001"
    assert config["JWKS_URL"] == "http://127.0.0.1:9001/.well-known/jwks.json"
    assert config["SERVICE_URLS"]["billing"] == "http://127.0.0.1:9003"
    assert config["SERVICE_URLS"]["orgs"] == "http://orgs.internal:8002"
    monkeypatch.setenv("ISSUER", "https://id.example.ch")
    assert load_config("orgs")["ISSUER"] == "https://id.example.ch"
