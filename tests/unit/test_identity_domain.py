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
