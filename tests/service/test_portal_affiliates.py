"""The affiliate pages without a browser (PA15, PA3): the portal in-process, partner's affiliate
API and billing's order creation answered by a small fake of the contract (docs/partner.md,
"Affiliates"), so that the pages' own behaviour is tested: the referral cookie (first referral
wins, 30 days, passed on to identity's sign-up and to billing's new cart), joining and its PA3
refusal, the dashboard with its server-drawn chart and text equivalent, the three lists paged
each by its own cursor, leaving after a confirmation. The real endpoints:
tests/browser/test_affiliate_pages.py."""
import re
import uuid
from urllib.parse import parse_qs, urlparse

import pytest

from services.common.errors import BadRequest, Conflict, NotFound, RuleViolation
from services.portal import referral
from services.portal.apis import base

from .test_portal_core import LOCAL, portal_app
from .test_portal_partner import ORG, posted, sent, signed_in
from .test_portal_partner_money import text

AFFILIATE = f"/v1/affiliates/{ORG}"
CODE = "K7M2QX9P"


def chf(amount):
    return {"amount": amount, "amount_minor": int(amount.replace(".", "")), "currency": "CHF"}


def dashboard(status="active"):
    months = [f"2026-{m:02d}" for m in range(1, 13)]
    return {"organization_id": ORG, "code": CODE, "link": f"http://127.0.0.1:8000/r/{CODE}", "rate": "10",
            "status": status, "currency": "CHF", "referrals": {"signups": 3, "organizations": 4, "converted": 2},
            "balance": chf("42.50"), "paid_total": chf("120.00"),
            "months": [{"month": m, "earned": chf("62.50" if m == "2026-11" else "0.00"),
                        "reversed": chf("20.00" if m == "2026-11" else "0.00"),
                        "paid": chf("120.00" if m == "2026-10" else "0.00")} for m in months]}


class FakeAffiliates:
    def __init__(self):
        self.calls, self.kind, self.role, self.joined, self.refuse = [], "individual", "legal_representative", None, None

    def __call__(self, service, method, path, raw=False, json=None, params=None, headers=None, **_):
        self.calls.append((service, method, path, json, params))
        if service == "identity":
            return {"id": str(uuid.uuid4()), "email": "ida@example.ch", "first_name": "Ida", "language": "en"}
        if service == "orgs" and path.endswith("/members"):
            return [{"account_id": str(uuid.uuid4()), "role": self.role, "billing_rights": False}]
        if service == "orgs":
            return [{"id": ORG, "name": "Ida Muster", "kind": self.kind, "currency": "CHF", "my_role": self.role}]
        if service == "billing":
            if path.endswith("/orders") and method == "GET":
                return []
            if path.endswith("/orders") and method == "POST":
                return {"id": str(uuid.uuid4()), "status": "cart", "items": []}
            if path == "/v1/catalogue":
                return {"products": [{"id": "domain-ch", "prices": [{"months": 12}]}]}
            return {}
        if path == "/v1/affiliates" and method == "POST":
            if self.refuse:
                raise self.refuse
            self.joined = dashboard()
            return self.joined
        if path == AFFILIATE:
            if not self.joined:
                raise NotFound("not an affiliate")
            return self.joined
        if path == f"{AFFILIATE}/leave":
            self.joined = {**self.joined, "status": "ended"}
            return self.joined
        if path == f"{AFFILIATE}/referrals":
            return {"items": [{"organization_name": "Bergbau AG", "source": "signup", "referred_at":
                               "2026-10-02T10:00:00Z", "expires_at": "2027-10-02T10:00:00Z", "converted": True,
                               "commission_total": chf("62.50")}], "next_cursor": "r2"}
        if path == f"{AFFILIATE}/commissions":
            return {"items": [{"id": str(uuid.uuid4()), "kind": "commission", "organization_name": "Bergbau AG",
                               "created_at": "2026-11-03T10:00:00Z", "net": chf("625.00"), "amount": chf("62.50")},
                              {"id": str(uuid.uuid4()), "kind": "reversal", "organization_name": "Bergbau AG",
                               "created_at": "2026-11-04T10:00:00Z", "net": chf("200.00"), "amount": chf("-20.00")}],
                    "next_cursor": None}
        if path == f"{AFFILIATE}/payouts":
            return {"items": [{"id": str(uuid.uuid4()), "month": "2026-10", "amount": chf("120.00"), "status": "paid",
                               "paid_at": "2026-11-01T02:00:00Z"}], "next_cursor": None}
        raise BadRequest(f"the fake has no {method} {path}")


@pytest.fixture
def services(monkeypatch):
    fake = FakeAffiliates()
    monkeypatch.setattr(base, "call", fake)
    return fake


@pytest.fixture
def client(tmp_path, services):
    return signed_in(tmp_path)


# -- the referral link ---------------------------------------------------------------------------

@pytest.fixture
def visitor(tmp_path):
    """A browser without an account: the portal alone (nothing behind it is called)."""
    return portal_app(tmp_path / "var", LOCAL).test_client()


def test_pa15_the_link_keeps_the_code_and_goes_to_the_sign_up_with_it(visitor):
    response = visitor.get(f"/r/{CODE.lower()}")
    assert response.status_code == 303
    target = urlparse(response.headers["Location"])
    assert target.path == "/signup" and parse_qs(target.query) == {"referral_code": [CODE]}
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith(f"{referral.COOKIE}={CODE};") and "Max-Age=2592000" in cookie
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie  # loopback
    assert response.headers["Cache-Control"] == "no-store"


def test_pa15_the_cookie_is_secure_when_the_portal_is_not_on_loopback(tmp_path):
    client = portal_app(tmp_path / "var", {**LOCAL, "portal": "https://portal.example.ch"}).test_client()
    cookie = client.get(f"/r/{CODE}").headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie


def test_pa15_the_first_referral_wins_the_cookie_is_never_overwritten(visitor):
    visitor.get(f"/r/{CODE}")
    response = visitor.get("/r/ABCDEFGH")
    assert "Set-Cookie" not in response.headers
    assert parse_qs(urlparse(response.headers["Location"]).query) == {"referral_code": [CODE]}
    assert visitor.get_cookie(referral.COOKIE).value == CODE


@pytest.mark.parametrize("code", ["short", "ABCDEFGHJ", "ABCDEFG1", "ABCDEFGO", "AB%20DEFGH", "<script>"])
def test_pa15_a_malformed_code_is_not_kept(visitor, code):
    response = visitor.get(f"/r/{code}")
    assert response.status_code in (303, 404) and "Set-Cookie" not in response.headers
    if response.status_code == 303:
        assert urlparse(response.headers["Location"]).query == ""


def test_pa15_a_bad_cookie_is_ignored_and_replaced_by_a_good_code(visitor):
    visitor.set_cookie(referral.COOKIE, "IIIIIIII")
    response = visitor.get(f"/r/{CODE}")
    assert f"{referral.COOKIE}={CODE};" in response.headers["Set-Cookie"]


def test_pa15_someone_signed_in_goes_home_and_the_next_cart_carries_the_code(client, services):
    response = client.get(f"/r/{CODE}")
    assert response.status_code == 303 and response.headers["Location"] == "/"
    form = {"name": "ida.ch", "months": "12", "periods": "1", "units": "1", "voucher_code": "",
            "idempotency_key": "k1"}
    services.calls.clear()
    posted(client, "/billing/order/add?type=domain-ch", form)
    assert sent(services, "POST", f"/v1/organizations/{ORG}/orders") == [{"referral_code": CODE}]


def test_pa15_without_a_referral_the_cart_is_created_as_before(client, services):
    form = {"name": "ida.ch", "months": "12", "periods": "1", "units": "1", "voucher_code": "",
            "idempotency_key": "k1"}
    posted(client, "/billing/order/add?type=domain-ch", form)
    assert sent(services, "POST", f"/v1/organizations/{ORG}/orders") == [{}]


# -- joining -------------------------------------------------------------------------------------

def test_pa15_an_individual_joins_and_sees_its_code_and_link(client, services):
    page = text(client.get("/affiliate"))
    assert 'id="join-button"' in page and "Affiliate programme" in page
    response = posted(client, "/affiliate/join", {"idempotency_key": "k1"}, "/affiliate")
    assert response.status_code == 303 and response.headers["Location"] == "/affiliate"
    assert sent(services, "POST", "/v1/affiliates") == [{"organization_id": ORG}]
    page = text(client.get("/affiliate"))
    assert "joined the affiliate programme" in page
    assert f'<code id="referral-code">{CODE}</code>' in page and f'value="http://127.0.0.1:8000/r/{CODE}"' in page
    assert 'id="copy-link"' in page and "/affiliate/static/copy.js" in page


def test_pa3_a_partner_cannot_join_and_is_told_why(client, services):
    services.kind = "company"
    services.refuse = RuleViolation("PA3", "a partner cannot be an affiliate")
    response = posted(client, "/affiliate/join", {"idempotency_key": "k1"}, "/affiliate")
    page = text(response)
    assert response.status_code == 422 and "PA3: An organization cannot be both a partner and an affiliate" in page
    assert 'name="idempotency_key" value="k1"' not in page  # the next attempt is another request


def test_pa15_joining_twice_shows_the_dashboard(client, services):
    services.joined, services.refuse = dashboard(), Conflict("already an affiliate")
    response = posted(client, "/affiliate/join", {"idempotency_key": "k1"}, "/affiliate")
    assert response.status_code == 303 and response.headers["Location"] == "/affiliate"


def test_pa15_only_a_legal_representative_is_offered_to_join(client, services):
    services.role = "collaborator"
    page = text(client.get("/affiliate"))
    assert 'id="join-button"' not in page and "A legal representative of Ida Muster can join" in page


# -- the dashboard -------------------------------------------------------------------------------

def test_pa15_the_dashboard_draws_its_chart_on_the_server_with_a_text_equivalent(client, services):
    services.joined = dashboard()
    page = text(client.get("/affiliate"))
    drawn = re.search(r'<svg id="earnings-chart".*?</svg>', page, re.S).group(0)
    assert 'role="img"' in drawn and '<title id="earnings-chart-title">' in drawn and "<desc" in drawn
    assert "<script" not in drawn and "style=" not in drawn and "href" not in drawn
    assert drawn.count('data-kind="earned"') == 12 and drawn.count('data-kind="reversed"') == 1
    assert re.search(r'data-month="2026-11"><th scope="row">2026-11</th><td>CHF 62.50</td><td>CHF 20.00</td>', page)
    assert re.search(r'data-month="2026-10">.*?CHF 120.00</td></tr>', page, re.S)
    for figure, value in (("signups", "3"), ("referred", "4"), ("converted", "2")):
        assert f'id="{figure}">{value}</dd>' in page
    assert "CHF 42.50" in page and "CHF 120.00" in page and "10 %" in page


def test_pa15_referrals_commissions_and_payouts_are_listed_and_paged_each_on_its_own(client, services):
    services.joined = dashboard()
    page = text(client.get("/affiliate?payouts=p1"))
    assert "Bergbau AG" in page and "sign-up" in page and "reversal" in page and "CHF -20.00" in page.replace("CHF-", "CHF -")
    assert 'id="referrals-next" href="/affiliate?referrals=r2&amp;payouts=p1"' in page
    assert 'id="payouts-first" href="/affiliate"' in page and 'id="referrals-first"' not in page
    limits = [c[4] for c in services.calls if c[2] == f"{AFFILIATE}/payouts"]
    assert limits[-1]["cursor"] == "p1"


def test_pa15_leaving_asks_first_then_the_link_is_no_longer_offered(client, services):
    services.joined = dashboard()
    assert posted(client, "/affiliate/leave", {}, "/affiliate").status_code == 200
    assert not sent(services, "POST", f"{AFFILIATE}/leave")
    response = posted(client, "/affiliate/leave", {"confirmed": "1"}, "/affiliate")
    assert response.status_code == 303 and sent(services, "POST", f"{AFFILIATE}/leave")
    page = text(client.get("/affiliate"))
    assert 'data-status="ended"' in page and 'id="ended-note"' in page and 'id="referral-link"' not in page
    assert "copy.js" not in page and "/affiliate/leave" not in page


def test_the_navigation_offers_the_programme(client, services):
    assert 'href="/affiliate"' in text(client.get("/"))


def test_the_dashboard_in_german(client, services):
    services.joined = dashboard()
    page = text(client.get("/affiliate"))
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    client.post("/language", data={"language": "de", "csrf_token": token})
    page = text(client.get("/affiliate"))
    assert '<html lang="de">' in page and "Ihr Empfehlungslink" in page and "Provisionen pro Monat" in page
