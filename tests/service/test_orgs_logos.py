"""OR1 uploaded logos, OR10 who may change them, OR14 each change audited."""
import hashlib
import io

import pytest
from PIL import Image

from services.orgs.models import AuditEntry, Organization, OrganizationLogo

from .orgs_support import add_member, orgs, people  # noqa: F401 - fixtures


def image(width, height, format="PNG", **save):
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(out, format=format, **save)
    return out.getvalue()


def upload(person, org, kind, data, media_type="image/png"):
    return person.call("put", f"/v1/organizations/{org}/logos/{kind}", data=data, content_type=media_type)


@pytest.fixture
def anna(people):
    return people("anna@example.ch")


@pytest.fixture
def org(anna):
    return anna.create_org()


def test_or1_logo_upload_is_reencoded_as_png(anna, org):
    exif = Image.Exif()
    exif[0x010E] = "GPS 46.2N 6.1E, secret"  # ImageDescription
    jpeg = image(300, 300, "JPEG", exif=exif)
    assert b"secret" in jpeg
    response = upload(anna, org, "square", jpeg, "image/jpeg")
    assert response.status_code == 200 and response.mimetype == "image/png"
    png = response.data
    assert png.startswith(b"\x89PNG") and b"secret" not in png
    stored = OrganizationLogo.get()
    assert (stored.kind, bytes(stored.png), stored.sha256) == ("square", png, hashlib.sha256(png).hexdigest())
    assert Image.open(io.BytesIO(png)).size == (300, 300)
    assert response.headers["ETag"] == f'"{stored.sha256}"'


def test_or1_a_polyglot_comes_back_as_pixels_only(anna, org):
    polyglot = image(64, 64) + b"<script>alert(1)</script>"
    response = upload(anna, org, "square", polyglot)
    assert response.status_code == 200 and b"<script>" not in response.data


def test_or1_any_member_reads_the_logo_with_etag_and_cache_headers(people, anna, org):
    upload(anna, org, "rectangular", image(400, 100, "WEBP"), "image/webp")
    carl = people("carl@example.ch")
    add_member(org, carl)
    response = carl.call("get", f"/v1/organizations/{org}/logos/rectangular")
    assert response.status_code == 200 and response.mimetype == "image/png"
    etag = response.headers["ETag"]
    assert response.headers["Cache-Control"] == "private, max-age=300"
    again = carl.call("get", f"/v1/organizations/{org}/logos/rectangular", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b"" and again.headers["ETag"] == etag
    assert carl.call("get", f"/v1/organizations/{org}/logos/square").status_code == 404


def test_or1_branding_names_the_uploaded_logo_and_it_wins_over_a_url(anna, org):
    anna.call("patch", f"/v1/organizations/{org}", {"branding": {"rectangular_logo_url": "https://a.example/w.png",
                                                                  "initials": "AW"}})
    upload(anna, org, "rectangular", image(400, 100))
    upload(anna, org, "square", image(100, 101))  # within 2 % of square
    branding = anna.call("get", f"/v1/organizations/{org}").get_json()["branding"]
    assert branding == {"square_logo_url": f"/v1/organizations/{org}/logos/square", "initials": None,
                        "rectangular_logo_url": f"/v1/organizations/{org}/logos/rectangular"}
    mine = anna.call("get", "/v1/organizations/mine").get_json()[0]["branding"]
    assert mine["rectangular_logo_url"] == f"/v1/organizations/{org}/logos/rectangular"
    assert anna.call("delete", f"/v1/organizations/{org}/logos/rectangular").status_code == 204
    branding = anna.call("get", f"/v1/organizations/{org}").get_json()["branding"]
    assert branding["rectangular_logo_url"] == "https://a.example/w.png"
    assert anna.call("delete", f"/v1/organizations/{org}/logos/rectangular").status_code == 404


def test_or1_initials_replace_an_uploaded_square_logo(anna, org):
    upload(anna, org, "square", image(64, 64))
    anna.call("patch", f"/v1/organizations/{org}", {"branding": {"initials": "AW"}})
    assert OrganizationLogo.select().count() == 0
    assert anna.call("get", f"/v1/organizations/{org}").get_json()["branding"]["square_logo_url"] is None


def test_or10_collaborator_cannot_upload_a_logo(people, anna, org):
    carl = people("carl@example.ch")
    add_member(org, carl)
    for method in ("put", "delete"):
        response = carl.call(method, f"/v1/organizations/{org}/logos/square", data=image(64, 64),
                             content_type="image/png")
        assert response.status_code == 403 and response.get_json()["rule"] == "OR10", response.get_json()
    assert OrganizationLogo.select().count() == 0


def test_or10_an_administrator_may_change_the_logos(people, anna, org):
    bea = people("bea@example.ch")
    add_member(org, bea, role="administrator")
    assert upload(bea, org, "square", image(64, 64)).status_code == 200


def test_or14_every_logo_change_is_audited(anna, org):
    upload(anna, org, "square", image(64, 64))
    upload(anna, org, "square", image(128, 128))
    anna.call("delete", f"/v1/organizations/{org}/logos/square")
    actions = [e.action for e in AuditEntry.select().where(AuditEntry.action.startswith("organization.logo"))
               .order_by(AuditEntry.id)]
    assert actions == ["organization.logo.put", "organization.logo.put", "organization.logo.delete"]


@pytest.mark.parametrize("kind, body, media_type, status, words", [
    ("square", b"this is not an image", "image/png", 422, "not a PNG, JPEG or WebP"),
    ("square", b"", "image/png", 422, "not a PNG, JPEG or WebP"),
    ("square", image(32, 32, "GIF"), "image/png", 422, "not a PNG, JPEG or WebP"),
    ("square", image(64, 64)[:40], "image/png", 422, "not a PNG, JPEG or WebP"),
    ("square", image(200, 100), "image/png", 422, "as wide as it is tall"),
    ("rectangular", image(100, 100), "image/png", 422, "wider than it is tall"),
    ("rectangular", image(100, 200), "image/png", 422, "wider than it is tall"),
    ("rectangular", image(2049, 100), "image/png", 422, "2048 x 2048"),
    ("square", image(64, 64), "image/gif", 415, "image/png or image/jpeg or image/webp"),
    ("square", image(64, 64), "application/json", 415, "image/png"),
    ("square", image(64, 64) + b"\0" * (512 * 1024), "image/png", 413, "512 KiB"),
])
def test_or1_bad_logo_is_a_clear_problem_and_changes_nothing(anna, org, kind, body, media_type, status, words):
    upload(anna, org, "square", image(64, 64))
    before = bytes(OrganizationLogo.get().png), Organization.get_by_id(org).initials
    response = upload(anna, org, kind, body, media_type)
    assert response.status_code == status and response.mimetype == "application/problem+json", response.data
    problem = response.get_json()
    assert words in problem["detail"], problem
    if status == 422:
        assert problem["rule"] == "OR1"
    assert OrganizationLogo.select().count() == 1 and (bytes(OrganizationLogo.get().png),
                                                       Organization.get_by_id(org).initials) == before


def test_or1_a_decompression_bomb_is_refused_before_decoding(anna, org):
    huge = image(1, 1)  # a tiny file whose header claims 30000 x 30000 pixels
    bomb = huge[:16] + (30000).to_bytes(4, "big") + (30000).to_bytes(4, "big") + huge[24:]
    response = upload(anna, org, "square", bomb)
    assert response.status_code == 422 and response.get_json()["rule"] == "OR1"
