"""Shared pieces of the calls-for-tenders tests (PA13): profiles written with the model (the
directory's API is another part's), a well-formed tender, a visitor posting and verifying through
the public API, reading its mails."""
import re
from datetime import timedelta

from services.common import clock
from services.partner.models import OutboundMessage, Partner, Profile

from .partner_links_served import mails_to

REGION = "CH-VD"


def profile(org, region=REGION, languages=("fr",), specialities=("web-design",), opt_in=True, served=(), name=None):
    Profile.create(organization_id=org, slug=f"p-{org}", name=name or f"Partner {str(org)[:8]}", city="Lausanne",
                   region=region, country=region[:2], languages=list(languages), specialities=list(specialities),
                   descriptions={"en": "We build websites."}, tenders_opt_in=opt_in, regions_served=list(served),
                   published=True)


def partner_row(org, name="Matrix Partner", status="approved"):
    Partner.create(organization_id=org, name=name, currency="CHF", contact_emails=[], status=status)


def tender_body(**overrides):
    body = {"title": "A new shop for our bakery", "needs": "We need an online shop with 40 products and delivery.",
            "products": ["hosting", "domain"], "speciality": "web-design",
            "budget": {"min": "2000.00", "max": "5000.00", "currency": "CHF"}, "region": REGION, "language": "fr",
            "deadline": (clock.utcnow().date() + timedelta(days=30)).isoformat()}
    return {**body, **overrides}


def visitor_body(email="anne@bakery.example", **overrides):
    return {**tender_body(**overrides), "email": email, "name": "Anne Boulanger"}


def public(system, method, path, json=None, key=None, ip="192.0.2.10"):
    headers = {"Tender-Key": key} if key is not None else {}
    return system.app.test_client().open(path, method=method.upper(), json=json, headers=headers,
                                         environ_base={"REMOTE_ADDR": ip})


def token_in_mail(email):
    subject, text = mails_to(email)[-1]
    return re.search(r"/tenders/verify/(\S+)", text).group(1)


def post_visitor(system, email="anne@bakery.example", ip="192.0.2.10", **overrides):
    """A visitor's tender, verified: (the tender as the poster reads it, the poster key)."""
    posted = public(system, "post", "/v1/tenders", visitor_body(email, **overrides), ip=ip)
    assert posted.status_code == 201, posted.get_json()
    verified = public(system, "post", "/v1/tenders/verify", {"token": token_in_mail(email)}, ip=ip)
    assert verified.status_code == 200, verified.get_json()
    body = verified.get_json()
    return body, body["key"]


def post_client(team, **overrides):
    response = team.legal.post(f"/v1/organizations/{team.org}/tenders", tender_body(**overrides))
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def matching_partner(system, name="Helvetic Partners", **kwargs):
    team = system.partner(name=name)
    profile(team.org, name=name, **kwargs)
    return team


def answer_body(**overrides):
    return {"message": "We can build it in six weeks.", "price": {"min": "3000.00", "max": "4000.00",
                                                                   "currency": "CHF"}, **overrides}


def delivered_mails(email):
    return [subject for subject, _ in mails_to(email) if "call for tenders for you" in subject]


__all__ = ["OutboundMessage"]
