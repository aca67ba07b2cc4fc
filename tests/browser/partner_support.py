"""Arranging the partner programme's browser tests quickly through the APIs (with the people's
own tokens from identity's token command) where a step is not the one a test is about: a
company approved as a partner, a client with paid products, a partner's request."""
import requests

from tests.e2e.system import wait_until

PASSWORD = "correct horse battery"
SWISS_UID = "CHE-116.281.710"  # its mod-11 check digit is right (PA1)
CARD = {"method": "card", "card_number": "4242424242424242", "expires": "2030-12"}
# The story: the partner's legal representative and collaborator, provider staff, the client.
PAUL, SAM = "paul@helvetic-partners.example", "sam@helvetic-partners.example"
STELLA, LEA = "stella@provider.example", "lea@alpine-web.example"


class Person:
    """One person calling the services with their own token (the portal's scopes)."""

    def __init__(self, system, email):
        self.system, self.email = system, email
        token = system.cli("identity", "token", email, stdin=PASSWORD + "\n").stdout.strip()
        assert token, f"no token for {email}"
        self.headers = {"Authorization": f"Bearer {token}"}

    def call(self, method, service, path, expect=(200, 201, 204), **kwargs):
        response = requests.request(method, self.system.url(service) + path, headers=self.headers, timeout=15,
                                    **kwargs)
        assert expect is None or response.status_code in expect, f"{method} {path}: {response.text}"
        return response.json() if response.content and response.headers.get(
            "content-type", "").startswith("application/json") else response

    def status(self, method, service, path, **kwargs):
        """Only the answer's status: allowed or refused."""
        return requests.request(method, self.system.url(service) + path, headers=self.headers, timeout=15,
                                **kwargs).status_code

    def organization_id(self):
        return self.call("GET", "orgs", "/v1/organizations/mine")[0]["id"]


def signed_up(system, email, name):
    account = system.sign_up(email, kind="company", name=name)
    wait_until(lambda: system.organizations_of(account["id"]), what=f"the organization of {email}")
    return Person(system, email)


def approved_partner(system, email, name):
    """A company that applied (PA1) and that staff approved with partner's operator command."""
    person = signed_up(system, email, name)
    organization_id = person.organization_id()
    body = {"legal_name": name + " SA", "register_country": "CH", "register_number": SWISS_UID,
            "website": "https://www.example.ch", "conditions_version": "2026-01", "accept_conditions": True}
    path = f"/v1/organizations/{organization_id}/application"
    # partner learns of the organization from orgs' event a moment after the sign-up
    application = wait_until(lambda: _created(person.call("POST", "partner", path, json=body, expect=None)),
                             what=f"the application of {name}")
    done = system.cli("partner", "applications", "approve", application["id"])
    assert done.returncode == 0, done.stderr
    wait_until(lambda: any(p["organization_id"] == organization_id
                           for p in person.call("GET", "partner", "/v1/partners", params={"q": name})),
               what=f"{name} approved")
    return person, organization_id


def _created(response):
    return response if isinstance(response, dict) and response.get("status") == "pending" else None


def paid_products(client, organization_id, names):
    """.ch domains ordered and paid by card: billing starts them (BI1); their ids by name."""
    billing = f"/v1/organizations/{organization_id}"
    profile = client.call("POST", "billing", billing + "/payment-profiles", json=CARD)
    cart = client.call("POST", "billing", billing + "/orders", json={})
    for name in names:
        client.call("POST", "billing", f"{billing}/orders/{cart['id']}/items", json={
            "product_type": "domain-ch", "name": name, "months": 12, "periods": 1, "units": 1, "warranty": False,
            "auto_renew": False})
    placed = client.call("POST", "billing", f"{billing}/orders/{cart['id']}/placement", json={})
    client.call("POST", "billing", f"{billing}/invoices/{placed['invoice_id']}/payments",
                json={"profile_id": profile["id"]})
    products = wait_until(lambda: len(client.call("GET", "billing", billing + "/products")) == len(names)
                          and client.call("GET", "billing", billing + "/products"), what="the products")
    return {p["name"]: p["id"] for p in products}


def request_link(partner, partner_id, client_id, products, payer="client"):
    """PA4: the partner asks the client for limited access to `products` ({id: rights})."""
    return partner.call("POST", "partner", f"/v1/partners/{partner_id}/links", json={
        "client": {"organization_id": client_id}, "scope": {"scope": "limited", "products": products,
                                                            "billing": False}, "payer": payer})


def story_people(system):
    """The story's cast: Paul's company with Sam in it (billing rights: he reads the partner's
    invoices), Stella staff by the operator command, Lea's company with two paid .ch domains.
    (paul, sam, helvetic, lea, alpine, {product name: id})."""
    paul = signed_up(system, PAUL, "Helvetic Partners")
    sam = signed_up(system, SAM, "Sam's own")
    helvetic = paul.organization_id()
    paul.call("POST", "orgs", f"/v1/organizations/{helvetic}/invitations",
              json={"email": SAM, "role": "collaborator", "billing_rights": True})
    token = system.mail_link(SAM, r"/invitations/[\w-]+").rsplit("/", 1)[1]
    sam.call("POST", "orgs", f"/v1/invitations/{token}/accept")
    signed_up(system, STELLA, "Provider")
    granted = system.cli("identity", "staff", "grant", STELLA)
    assert granted.returncode == 0, granted.stderr
    lea = signed_up(system, LEA, "Alpine Web")
    alpine = lea.organization_id()
    return paul, sam, helvetic, lea, alpine, paid_products(lea, alpine, ["alpine-web.ch", "alpine-shop.ch"])
