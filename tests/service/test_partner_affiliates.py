"""PA15, PA3: the affiliate programme over HTTP (join, code and link, dashboard, referrals,
commissions, payouts, staff's list; bad input; tenant isolation) and event by event
(attribution from identity's sign-up and orgs' new organization in either order, or from an
order's invoice; commissions on paid invoices within 365 days; reversals by credit notes)."""
import uuid
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings as hypothesis_settings, strategies as st

from services.common.money import Money
from services.common.referrals import PATTERN
from services.partner import affiliate_rules as rules, affiliates
from services.partner.models import Affiliate, Application, Attribution, Commission, Partner

from .partner_apps_support import application, orgs, partner  # noqa: F401 - fixtures
from .partner_cashback_support import credit, deliver, issue, line, pay

PAID = datetime(2027, 3, 20, 9, tzinfo=timezone.utc)


def join(team):
    return team.legal.post("/v1/affiliates", {"organization_id": team.org})


def signup(account, code, organization, order=("registered", "created"), at=datetime(2027, 3, 1, tzinfo=timezone.utc)):
    events = {"registered": ("identity.account.registered", {
                  "account_id": str(account), "email": "new@example.ch", "first_name": "A", "last_name": "B",
                  "organization": {"kind": "individual", "name": "A B", "currency": "CHF"}, "referral_code": code}),
              "created": ("orgs.organization.created", {
                  "organization_id": str(organization), "name": "Referred One", "kind": "individual",
                  "currency": "CHF", "legal_representative_id": str(account)})}
    for name in order:
        deliver(*events[name], at=at)


def ordered(organization, code, net_minor=100_00, at=datetime(2027, 3, 10, 9, tzinfo=timezone.utc)):
    """An invoice of an order placed with a referral code, as billing issues it."""
    return issue(organization, [line(organization, net_minor)], at=at, referral_code=code)


def test_pa15_a_legal_representative_joins_and_gets_a_code_and_link_once(partner):  # noqa: F811
    team = partner.team(kind="individual")
    joined = join(team)
    assert joined.status_code == 201, joined.get_json()
    body = joined.get_json()
    assert PATTERN.match(body["code"]) and body["link"].endswith(f"/r/{body['code']}")
    assert body["status"] == "active" and body["rate"] == "10" and body["currency"] == "CHF"
    assert join(team).status_code == 409  # one per organization
    assert team.admin.post("/v1/affiliates", {"organization_id": team.org}).status_code == 403  # not its legal rep
    assert team.outsider.post("/v1/affiliates", {"organization_id": team.org}).status_code == 404
    dashboard = team.admin.get(f"/v1/affiliates/{team.org}").get_json()
    assert dashboard["code"] == body["code"] and len(dashboard["months"]) == 12
    assert dashboard["balance"] == {"amount": "0.00", "amount_minor": 0, "currency": "CHF"}
    left = team.legal.post(f"/v1/affiliates/{team.org}/leave")
    assert left.status_code == 200 and left.get_json()["status"] == "ended"
    assert join(team).status_code == 409  # an ended membership stays ended


def test_pa3_a_partner_or_an_applicant_cannot_join_and_an_affiliate_cannot_apply(partner):  # noqa: F811
    applying, approved, affiliate = partner.team(), partner.team(), partner.team()
    assert applying.legal.post(f"{applying.base}/application", application()).status_code == 201
    refused = join(applying)
    assert refused.status_code == 422 and refused.get_json()["rule"] == "PA3"
    Partner.create(organization_id=approved.org, name="Alpine Web", currency="CHF")
    assert join(approved).get_json()["rule"] == "PA3"
    assert join(affiliate).status_code == 201
    applied = affiliate.legal.post(f"{affiliate.base}/application", application())
    assert applied.status_code == 422 and applied.get_json()["rule"] == "PA3"
    assert Application.select().where(Application.organization_id == affiliate.org).count() == 0


def test_pa15_bad_input_is_refused_on_every_endpoint(partner):  # noqa: F811
    team = partner.team()
    assert join(team).status_code == 201
    for body in ({}, {"organization_id": "nope"}, {"organization_id": team.org, "extra": 1}, []):
        assert team.legal.post("/v1/affiliates", body).status_code == 422
    for path in ("referrals", "commissions", "payouts"):
        assert team.admin.get(f"/v1/affiliates/{team.org}/{path}?limit=0").status_code == 422
        assert team.admin.get(f"/v1/affiliates/{team.org}/{path}?cursor=x").status_code == 422
    assert partner.staff.get("/v1/staff/affiliates?status=gone").status_code == 422
    assert team.admin.get("/v1/staff/affiliates").status_code in (401, 403)


def test_pa15_tenant_isolation_another_organizations_affiliate_is_404_on_every_path(partner):  # noqa: F811
    mine, other = partner.team(), partner.team()
    assert join(other).status_code == 201
    for path in ("", "/referrals", "/commissions", "/payouts"):
        assert mine.legal.get(f"/v1/affiliates/{other.org}{path}").status_code == 404
        assert other.collaborator.get(f"/v1/affiliates/{other.org}{path}").status_code == 403
    assert mine.legal.post(f"/v1/affiliates/{other.org}/leave").status_code == 404
    assert mine.legal.post("/v1/affiliates", {"organization_id": other.org}).status_code == 404
    assert mine.legal.get(f"/v1/affiliates/{mine.org}").status_code == 404  # not an affiliate
    assert mine.legal.get(f"/v1/affiliates/{uuid.uuid4()}").status_code == 404
    listed = partner.staff.get("/v1/staff/affiliates").get_json()["items"]
    assert [a["organization_id"] for a in listed] == [other.org] and listed[0]["name"]
    assert partner.staff.get(f"/v1/staff/affiliates/{other.org}").get_json()["code"] == listed[0]["code"]
    assert partner.staff.get(f"/v1/staff/affiliates/{other.org}/referrals").get_json()["items"] == []
    for path in ("", "/referrals"):
        assert partner.staff.get(f"/v1/staff/affiliates/{mine.org}{path}").status_code == 404
        assert other.legal.get(f"/v1/staff/affiliates/{other.org}{path}").status_code in (401, 403)


def test_pa15_referrals_attribute_first_wins_for_365_days_and_earn_commissions(partner):  # noqa: F811
    team = partner.team()
    code = join(team).get_json()["code"]
    # A sign-up, orgs' event first; an order's invoice; a second code for an attributed organization.
    first, second = uuid.uuid4(), uuid.uuid4()
    signup(uuid.uuid4(), code, first, order=("created", "registered"))
    invoice = ordered(second, code)
    rival = partner.team()
    signup(uuid.uuid4(), join(rival).get_json()["code"], uuid.uuid4())
    ordered(first, Affiliate.get_by_id(rival.org).code)  # first referral wins: stays with `team`
    assert {(str(a.referred_organization_id), a.source) for a in Attribution.select().where(
        Attribution.affiliate_organization_id == team.org)} == {(str(first), "signup"), (str(second), "order")}
    # Unknown, own and malformed codes attribute nothing.
    ordered(uuid.uuid4(), "ZZZZZZZZ")
    ordered(uuid.UUID(team.org), code)
    assert Attribution.select().count() == 3

    pay(invoice, PAID)
    pay(invoice, PAID)  # redelivered: nothing more
    assert [(c.amount_minor, c.net_minor, c.rate) for c in Commission.select()] == [(10_00, 100_00, "10")]
    credit(invoice, [(invoice["lines"][0], 30_00)])
    assert sorted(c.amount_minor for c in Commission.select()) == [-3_00, 10_00]
    late = ordered(second, None, net_minor=50_00)
    pay(late, datetime(2028, 3, 11, tzinfo=timezone.utc))  # 366 days after: nothing
    assert Commission.select().count() == 2

    dashboard = team.legal.get(f"/v1/affiliates/{team.org}").get_json()
    assert dashboard["referrals"] == {"signups": 1, "organizations": 2, "converted": 1}
    assert dashboard["balance"]["amount"] == "7.00"
    referrals = team.legal.get(f"/v1/affiliates/{team.org}/referrals?limit=1").get_json()
    assert len(referrals["items"]) == 1 and referrals["next_cursor"]
    rest = team.legal.get(f"/v1/affiliates/{team.org}/referrals?cursor={referrals['next_cursor']}").get_json()
    converted = {r["organization_id"]: (r["converted"], r["commission_total"]["amount"])
                 for r in referrals["items"] + rest["items"]}
    assert converted == {str(second): (True, "7.00"), str(first): (False, "0.00")}
    kinds = [c["kind"] for c in team.legal.get(f"/v1/affiliates/{team.org}/commissions").get_json()["items"]]
    assert sorted(kinds) == ["commission", "reversal"]
    assert rival.legal.get(f"/v1/affiliates/{team.org}/commissions").status_code == 404


def test_pa15_an_ended_affiliate_attributes_nothing_new_but_keeps_earning(partner):  # noqa: F811
    team = partner.team()
    code = join(team).get_json()["code"]
    kept = uuid.uuid4()
    invoice = ordered(kept, code)
    team.legal.post(f"/v1/affiliates/{team.org}/leave")
    ordered(uuid.uuid4(), code)
    assert Attribution.select().count() == 1
    pay(invoice, PAID)
    assert Commission.select().count() == 1


def test_pa15_a_credit_note_before_payment_is_taken_back_when_paid(partner):  # noqa: F811
    team = partner.team()
    code = join(team).get_json()["code"]
    invoice = ordered(uuid.uuid4(), code, net_minor=333_33)
    credit(invoice, [(invoice["lines"][0], 333_33)])
    pay(invoice, PAID)
    assert sum(c.amount_minor for c in Commission.select()) == 0


def test_pa15_a_rate_above_50_percent_is_refused_at_start():
    for bad in ("50.01", "-1", "ten"):
        with pytest.raises(ValueError):
            rules.checked_rate(bad)
    assert rules.checked_rate("50") == 50
    settings = dict(affiliates._settings)
    try:
        with pytest.raises(ValueError):
            affiliates.configure({"AFFILIATE_COMMISSION_RATE": "51", "EXCHANGE_RATES": {},
                                  "SERVICE_URLS": {"portal": "http://portal"}})
    finally:
        affiliates._settings.clear()
        affiliates._settings.update(settings)


@hypothesis_settings(max_examples=200, deadline=None)
@given(net=st.integers(1, 10**9), rate=st.sampled_from(["0.5", "10", "12.5", "33.33", "50"]),
       credits=st.lists(st.integers(1, 10**9), min_size=1, max_size=6))
def test_pa15_commission_and_reversals_are_exact(net, rate, credits):
    """Rounded once; each credit takes its share back, never more than was earned; credits that
    complete the invoice take back exactly the commission, to the centime."""
    earned = rules.commission(Money(net, "CHF"), rate)
    assert abs(earned.minor * 100 - net * rules.checked_rate(rate)) <= 50
    reversed_minor, credited = 0, 0
    for part in credits:
        part = min(part, net - credited)
        if part <= 0:
            break
        taken = rules.reversal(earned, Money(reversed_minor, "CHF"), Money(credited, "CHF"), Money(part, "CHF"),
                               Money(net, "CHF"))
        assert taken.minor <= 0
        reversed_minor, credited = reversed_minor - taken.minor, credited + part
        assert reversed_minor <= earned.minor
    if credited == net:
        assert reversed_minor == earned.minor


def test_pa15_expiry_is_365_days():
    at = datetime(2027, 1, 1)
    assert rules.expires_at(at) == at + timedelta(days=365)
    assert rules.earns(at, rules.expires_at(at), at + timedelta(days=364)) and not rules.earns(
        at, rules.expires_at(at), rules.expires_at(at))
