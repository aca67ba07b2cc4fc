"""How every JSON body is read (services/common/web.py `load_json_body`): webargs' answers,
without its machinery. Checked on orgs' organization creation; nothing is written on refusal."""
import pytest

from services.orgs.models import Organization

from .orgs_support import orgs, people  # noqa: F401 - fixtures


@pytest.fixture
def anna(people):
    return people("anna@example.ch")


def post(anna, data, content_type="application/json"):
    return anna.client.post("/v1/organizations", data=data, content_type=content_type,
                            headers={"Authorization": f"Bearer {anna.token}"})


@pytest.mark.parametrize("data", [b'{"name": "Alpine",', b"\xff\xfe{}", b"   "])
def test_malformed_json_and_bytes_that_are_not_utf8_are_400_problems(anna, data):
    response = post(anna, data)
    assert response.status_code == 400 and response.mimetype == "application/problem+json"
    assert "not valid JSON" in response.get_json()["detail"]
    assert Organization.select().count() == 0


def test_an_empty_body_reads_as_an_empty_object_and_names_the_missing_fields(anna):
    response = post(anna, b"")
    assert response.status_code == 422
    assert {"name", "kind", "currency"} <= set(response.get_json()["errors"])
    assert Organization.select().count() == 0


@pytest.mark.parametrize("data", [b"[]", b'"text"', b"42", b"null"])
def test_a_body_that_is_not_an_object_is_a_422_problem(anna, data):
    response = post(anna, data)
    assert response.status_code == 422 and response.mimetype == "application/problem+json"
    assert Organization.select().count() == 0


def test_a_json_body_with_a_charset_is_read(anna):
    response = post(anna, b'{"name": "Alpine Web", "kind": "company", "currency": "CHF"}',
                    "application/json; charset=utf-8")
    assert response.status_code == 201, response.get_json()
