"""Issue 13's reach story, shared by the end-to-end test over the APIs
(tests/e2e/test_partner_reach_story.py) and the browser story
(tests/browser/test_partner_reach_story.py): the cast, their directory profiles, the tender, the
affiliate chain's sign-up and order with a referral code, and the affiliate's figures read back
without ids or instants.

The figures (CHF, catalogue 2026.12.1, AFFILIATE_COMMISSION_RATE 10 by default):
- Helvetic Partners (Paul, Lausanne, CH-VD) is published in the directory, opted in for tenders,
  serves all of Switzerland in French and English, web design and hosting: the tender (CH-GE,
  French, web design) matches it. Nordlicht IT (Nina, Munich, DE-BY) is published and opted in,
  German only, serving Germany: the tender never reaches it (PA13).
- Ada, an individual, joins the affiliate programme (PA15). Rolf signs up through her code and
  his company orders 12 units of web hosting for a year (67.50 from 5 units: 810.00 net, 875.61
  with 8.1 % VAT) and pays: Ada's commission is 10 % of the net, 81.00. The order carries Bea's
  code: first referral wins, Bea gets nothing.
- The 1st of the next month: the payout run pays Ada's 81.00 (>= 50.00) once, credited once to
  her prepaid account (kind "commission").
"""
import re
from datetime import timedelta

import requests

from tests.e2e.system import wait_until

from .money_support import ITEM, chf, eventually, stable
from .partner_support import CARD, PASSWORD, PAUL, Person, approved_partner

NINA = "nina@nordlicht-it.example"
ADA, BEA = "ada@affiliate.example", "bea@affiliate.example"
ROLF = "rolf@rolf-bau.example"
COMMISSION = "81.00"  # 10 % of 810.00
CODE = re.compile(r"^[A-HJ-NP-Z2-9]{8}$")  # the unambiguous alphabet: no I, O, 0 or 1

HELVETIC_PROFILE = {
    "name": "Helvetic Partners", "city": "Lausanne", "region": "CH-VD", "languages": ["fr", "en"],
    "specialities": ["web-design", "hosting"], "website": "https://www.helvetic-partners.example",
    "descriptions": {"en": "Websites and hosting for small businesses across Switzerland, from Lausanne.",
                     "fr": "Sites web et hébergement pour les PME de toute la Suisse, depuis Lausanne."},
    "published": True, "tenders_opt_in": True, "regions_served": ["CH"]}
NORDLICHT_PROFILE = {
    "name": "Nordlicht IT", "city": "München", "region": "DE-BY", "languages": ["de"],
    "specialities": ["web-design", "hosting"], "website": "https://www.nordlicht-it.example",
    "descriptions": {"de": "Webdesign und Hosting für Bayern und ganz Deutschland."},
    "published": True, "tenders_opt_in": True, "regions_served": ["DE"]}
TENDER = {
    "title": "A new website for our bakery", "speciality": "web-design", "region": "CH-GE", "language": "fr",
    "products": ["hosting", "domain"], "budget": {"min": "2000.00", "max": "5000.00", "currency": "CHF"},
    "needs": "Nous cherchons une agence pour refaire le site de notre boulangerie à Genève, avec commande en ligne."}
ANSWER = {"message": "Nous refaisons votre site en six semaines, hébergement compris.",
          "price": {"min": "3000.00", "max": "4000.00", "currency": "CHF"}}


def profile(person, organization_id, body):
    """PA12: the partner's whole profile, saved (PUT); what the service answers (slug included)."""
    return person.call("PUT", "partner", f"/v1/partners/{organization_id}/profile", json=body)


def listed_partners(system):
    """Paul's Helvetic and Nina's Nordlicht, approved partners; Nordlicht's profile published and
    opted in (Paul saves Helvetic's in the profile editor): (paul, helvetic, nina, nordlicht)."""
    paul, helvetic = approved_partner(system, PAUL, "Helvetic Partners")
    nina, nordlicht = approved_partner(system, NINA, "Nordlicht IT")
    profile(nina, nordlicht, NORDLICHT_PROFILE)
    return paul, helvetic, nina, nordlicht


def deadline(start, days=30):
    """A tender's deadline, `days` after the story's start (PA13: 1..180 days ahead)."""
    return (start + timedelta(days=days)).date().isoformat()


# -- the affiliate chain ------------------------------------------------------------------------

def sign_up(system, email, name=None, referral_code=None, verify=True):
    """A sign-up through identity's API, with the referral code the portal would pass (PA15); the
    person, once orgs created the organization."""
    body = {"email": email, "password": PASSWORD, "first_name": "Test", "last_name": email.split("@")[0],
            "organization": {"kind": "company" if name else "individual", "currency": "CHF",
                             **({"name": name} if name else {})}}
    if referral_code:
        body["referral_code"] = referral_code
    response = requests.post(system.url("identity") + "/v1/accounts", json=body, timeout=10)
    assert response.status_code == 201, response.text
    if verify:
        system.verify_email(email)
    wait_until(lambda: system.organizations_of(response.json()["id"]), what=f"the organization of {email}")
    return Person(system, email)


def join(person):
    """PA15: the person's organization joins the affiliate programme; (organization id, code)."""
    organization_id = person.organization_id()
    joined = wait_until(lambda: _joined(person.call("POST", "partner", "/v1/affiliates",
                                                    json={"organization_id": organization_id}, expect=None)),
                        what=f"{person.email} an affiliate")  # partner learns of the organization by event
    assert CODE.match(joined["code"]) and joined["link"].endswith("/r/" + joined["code"]), joined
    return organization_id, joined["code"]


def _joined(answer):
    return answer if isinstance(answer, dict) and "code" in answer else None


def order(person, organization_id, items, referral_code=None):
    """An order placed with the referral code the portal would pass to billing (PA15); its
    pro-forma's id."""
    billing = f"/v1/organizations/{organization_id}"
    cart = person.call("POST", "billing", billing + "/orders",
                       json={"referral_code": referral_code} if referral_code else {})
    for item in items:
        person.call("POST", "billing", f"{billing}/orders/{cart['id']}/items", json={**ITEM, **item})
    return person.call("POST", "billing", f"{billing}/orders/{cart['id']}/placement", json={})["invoice_id"]


def pay_by_card(person, organization_id, invoice_id):
    billing = f"/v1/organizations/{organization_id}"
    card = person.call("POST", "billing", billing + "/payment-profiles", json=CARD)["id"]
    paid = person.call("POST", "billing", f"{billing}/invoices/{invoice_id}/payments", json={"profile_id": card})
    assert paid["status"] == "succeeded", paid
    return paid


HOSTING = [{"product_type": "web-hosting", "name": "rolf-bau.ch", "units": 12}]  # 810.00 net


# -- reading the affiliate's figures -------------------------------------------------------------

def dashboard(person, organization_id):
    return person.call("GET", "partner", f"/v1/affiliates/{organization_id}")


def items(person, organization_id, what):
    """The affiliate's referrals, commissions or payouts (first page)."""
    return person.call("GET", "partner", f"/v1/affiliates/{organization_id}/{what}")["items"]


def commissions(person, organization_id):
    return [_amount(c) for c in items(person, organization_id, "commissions")]


def payouts(person, organization_id):
    return [(p["month"], _amount(p), p["status"]) for p in items(person, organization_id, "payouts")]


def _amount(row):
    amount = row.get("amount")
    return amount["amount"] if isinstance(amount, dict) else amount


def wait_commission(person, organization_id, what="the commission earned"):
    eventually(lambda: commissions(person, organization_id), [COMMISSION], timeout=60, what=what)


def prepaid_entries(person, organization_id):
    account = person.call("GET", "billing", f"/v1/organizations/{organization_id}/prepaid")
    return account["balance"], [(e["kind"], e["amount"]) for e in account["items"]]


PAID_OUT = (chf(COMMISSION), [("commission", chf(COMMISSION))])


def figures(person, organization_id):
    """Everything the affiliate sees, without ids, instants and its (random) code and link."""
    board = {k: v for k, v in dashboard(person, organization_id).items() if k not in ("code", "link")}
    return {"dashboard": stable(board),
            **{what: stable(items(person, organization_id, what)) for what in ("referrals", "commissions", "payouts")}}
