import base64
from datetime import datetime, timedelta

import pyotp
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


# -- Passwords -------------------------------------------------------------------------

@pytest.mark.parametrize("password, reason", [
    ("short1!", "at least 10 characters"),
    ("12345678901234", "only digits"),
    ("my-anna.keller-pass", "part of your email address"),
    ("Password123", "most common passwords"),
])
def test_id1_weak_passwords_are_refused_saying_what_is_wrong(password, reason):
    with pytest.raises(RuleViolation) as error:
        domain.check_new_password(password, "Anna.Keller@alpine-web.example")
    assert error.value.extensions["rule"] == "ID1"
    assert any(reason in r for r in error.value.extensions["reasons"]), error.value.extensions["reasons"]


def test_id1_a_long_uncommon_password_is_accepted():
    assert domain.password_problems("correct horse battery", "anna@alpine-web.example") == []


# -- TOTP (RFC 6238) -----------------------------------------------------------------------

RFC_SECRET = base64.b32encode(b"12345678901234567890").decode()  # the RFC 6238 SHA-1 test key


@pytest.mark.parametrize("unix_time, eight_digits", [
    (59, "94287082"), (1111111109, "07081804"), (1234567890, "89005924"), (2000000000, "69279037"),
])
def test_id6_totp_matches_the_rfc_6238_test_vectors(unix_time, eight_digits):
    assert domain.totp_at_step(RFC_SECRET, domain.time_step(unix_time)) == eight_digits[-6:]


def test_id6_totp_agrees_with_pyotp():
    secret = pyotp.random_base32()
    assert domain.totp_at_step(secret, domain.time_step(1_800_000_000)) == pyotp.TOTP(secret).at(1_800_000_000)


def test_id6_totp_accepts_one_step_either_side_and_no_further():
    now = 1_800_000_015
    code = lambda offset: domain.totp_at_step(RFC_SECRET, domain.time_step(now) + offset)  # noqa: E731
    assert domain.accepted_step(RFC_SECRET, code(-1), now) == domain.time_step(now) - 1
    assert domain.accepted_step(RFC_SECRET, code(1), now) == domain.time_step(now) + 1
    assert domain.accepted_step(RFC_SECRET, code(-2), now) is None
    assert domain.accepted_step(RFC_SECRET, code(2), now) is None
    assert domain.accepted_step(RFC_SECRET, "12345", now) is None
    assert domain.accepted_step(RFC_SECRET, "abcdef", now) is None


def test_id6_totp_code_is_accepted_at_most_once():
    now = 1_800_000_015
    code = domain.totp_at_step(RFC_SECRET, domain.time_step(now))
    step = domain.accepted_step(RFC_SECRET, code, now)
    assert domain.accepted_step(RFC_SECRET, code, now, last_step=step) is None
    assert domain.accepted_step(RFC_SECRET, code, now + 30, last_step=step) is None
    # nor an older code once a newer one was used
    older = domain.totp_at_step(RFC_SECRET, step - 1)
    assert domain.accepted_step(RFC_SECRET, older, now, last_step=step) is None


def test_id6_otpauth_uri_names_the_secret_issuer_and_account():
    uri = domain.otpauth_uri("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", "anna@alpine-web.example")
    parsed = pyotp.parse_uri(uri)
    assert parsed.secret == "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP" and parsed.name in ("anna@alpine-web.example", "Partner Portal:anna@alpine-web.example")
    assert parsed.issuer == "Partner Portal" and parsed.interval == 30 and parsed.digits == 6


# -- Devices, locations, throttling ----------------------------------------------------------

@pytest.mark.parametrize("ip, network", [
    ("203.0.113.77", "203.0.113.0/24"), ("2001:db8:abcd:12::1", "2001:db8:abcd::/48"), ("nonsense", "unknown"),
])
def test_id8_a_location_is_the_ipv4_24_or_ipv6_48_network(ip, network):
    assert domain.network_prefix(ip) == network


def test_id10_throttling_starts_at_the_per_account_or_per_ip_limit():
    assert not domain.is_throttled(99, 299)
    assert domain.is_throttled(100, 0)
    assert domain.is_throttled(0, 300)


def test_id2_id4_a_link_works_once_and_before_it_expires():
    now = datetime(2026, 1, 1, 12, 0)
    assert domain.link_is_usable(now + domain.VERIFICATION_TTL, None, now)
    assert not domain.link_is_usable(now + domain.VERIFICATION_TTL, now, now)
    assert not domain.link_is_usable(now, None, now)
    assert domain.VERIFICATION_TTL == timedelta(hours=24) and domain.RESET_TTL == timedelta(hours=1)


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
    assert client["auth_method"] == "client_secret_basic" and set(client["scopes"]) == set(domain.PORTAL_SCOPES)
    assert client["grant_types"] == ["authorization_code", "refresh_token"]


def test_only_the_portal_may_ask_for_the_staff_scope():
    assert "staff" in domain.PORTAL_SCOPES and "staff" not in domain.USER_SCOPES
    with pytest.raises(ValueError):
        domain.client_declaration("app", {"kind": "third_party", "scopes": ["openid", "staff"],
                                          "redirect_uris": ["https://app.example/cb"]}, "http://portal")


def test_a_token_carries_the_staff_scope_only_for_a_staff_account():
    assert domain.scope_for_account("openid partner staff", True) == "openid partner staff"
    assert domain.scope_for_account("openid partner staff", False) == "openid partner"
    assert domain.scope_for_account("staff", False) == ""
    assert domain.audiences_for(["partner", "staff"]) == ["partner"]  # staff names no resource server


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


@pytest.mark.parametrize("requested, expected", [
    (None, "email openid"), ("", "email openid"), ("  ", "email openid"), ("openid", "openid"),
    ("email openid email", "email openid"), ("bogus", None), ("openid bogus", None), ("openid profile", None),
])
def test_id12_a_request_gets_the_declared_default_exactly_what_it_asks_or_nothing(requested, expected):
    assert domain.granted_scope(requested, ["email", "openid"]) == expected
    assert bool(domain.unknown_scopes(requested, ["email", "openid"])) == (expected is None)
