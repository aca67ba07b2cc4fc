import pytest

from services.common.errors import RuleViolation
from services.identity import domain


def test_id3_individual_sign_up_names_the_organization_after_the_person():
    org = domain.personal_organization(" Léa ", "Martin ", "individual", None, "EUR")
    assert org == {"kind": "individual", "name": "Léa Martin", "currency": "EUR"}


def test_id3_company_sign_up_names_the_organization_after_the_company():
    org = domain.personal_organization("Anna", "Keller", "company", " Alpine Web ", "CHF")
    assert org["name"] == "Alpine Web"


def test_id3_company_sign_up_without_a_company_name_is_refused():
    with pytest.raises(RuleViolation) as error:
        domain.personal_organization("Anna", "Keller", "company", "  ", "CHF")
    assert error.value.extensions["rule"] == "ID3"


def test_id1_login_emails_are_stored_in_one_spelling():
    assert domain.normalize_email(" Anna.Keller@Alpine-Web.EXAMPLE ") == "anna.keller@alpine-web.example"


def test_id12_token_audiences_follow_the_scopes():
    assert domain.audiences_for(["orgs:read", "billing:read", "orgs:write"]) == ["billing", "orgs"]


def test_id12_user_scopes_name_their_services_and_openid_scopes_name_none():
    assert domain.audiences_for(["openid", "profile", "email", "offline_access", "account", "orgs"]) == [
        "identity", "orgs"]
    assert domain.audiences_for(["openid", "introspect"]) == []


def test_id12_amr_says_whether_two_factor_passed():
    assert domain.authentication_methods(False) == ["pwd"]
    assert domain.authentication_methods(True) == ["pwd", "otp"]


def test_id12_userinfo_claims_follow_the_scopes():
    account = {"id": "a1", "email": "a@example.org", "first_name": "Anna", "last_name": "Keller"}
    assert domain.user_claims(account, ["openid"]) == {"sub": "a1"}
    assert domain.user_claims(account, ["openid", "email"]) == {"sub": "a1", "email": "a@example.org",
                                                                 "email_verified": False}
    assert domain.user_claims(account, ["profile"])["family_name"] == "Keller"


def test_id12_a_service_client_is_declared_by_its_scopes():
    client = domain.client_declaration("orgs", ["billing:read"], "http://portal")
    assert client["kind"] == "service" and client["grant_types"] == ["client_credentials"]
    assert client["redirect_uris"] == [] and client["auth_method"] == "client_secret_basic"


def test_id12_the_portal_is_first_party_confidential_with_its_callback():
    client = domain.client_declaration("portal", {"kind": "portal"}, "https://portal.example/")
    assert client["redirect_uris"] == ["https://portal.example/auth/callback"] and client["skip_consent"]
    assert client["auth_method"] == "client_secret_basic" and set(client["scopes"]) == set(domain.USER_SCOPES)
    assert client["grant_types"] == ["authorization_code", "refresh_token"]


def test_id12_a_public_third_party_app_has_no_secret_and_asks_consent():
    client = domain.client_declaration("spa", {"kind": "third_party", "public": True, "scopes": ["openid"],
                                               "redirect_uris": ["https://app.example/cb"]}, "http://portal")
    assert client["auth_method"] == "none" and not client["skip_consent"]


@pytest.mark.parametrize("declared", [
    {"kind": "third_party", "redirect_uris": ["https://a.example/cb"], "scopes": ["identity:read"]},
    {"kind": "third_party", "redirect_uris": ["https://a.example/cb"], "grant_types": ["password"]},
    {"kind": "third_party", "redirect_uris": ["https://a.example/cb"], "grant_types": ["refresh_token"]},
    {"kind": "third_party", "redirect_uris": []},
    {"kind": "third_party", "redirect_uris": ["http://evil.example/cb"]},
    {"kind": "third_party", "redirect_uris": ["https://a.example/cb#frag"]},
    {"kind": "implicit_app"},
])
def test_id12_a_wrong_client_declaration_stops_the_start(declared):
    with pytest.raises(ValueError):
        domain.client_declaration("app", declared, "http://portal")
