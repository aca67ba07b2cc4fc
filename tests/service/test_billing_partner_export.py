"""PA9: a partner's CSV export of one client's billing data per period, streamed page by page:
what it holds (the client's lines on the partner's invoices; the client's own invoices only when
the partner may read the client's billing), the period, and who may ask for it."""
import csv
import io
from datetime import datetime

import pytest

from services.billing import exports
from services.orgs.models import DelegatedGrant
from tests.conftest import mint_user_token

from .billing_orders_support import domain, hosting, order_with, pay, place
from .billing_served import PERSON_SCOPE, Person, billing, orgs  # noqa: F401 - fixtures
from .test_billing_payer import Link, partner_pays_and_acts

JANUARY = datetime(2027, 1, 10, 9)
FEBRUARY = datetime(2027, 2, 10, 9)


def ordered(person, org, *items):
    placed = place(person, org, order_with(person, org, *items)["id"])
    pay(placed["invoice_id"])
    return placed["invoice_id"]


@pytest.fixture
def partnership(billing, clock):
    """January: the client pays an order of its own while its link is stopped; then the link runs
    again (the partner pays) and the partner's administrator orders for it; February: one more order by the partner. Another client
    of the same partner has an order on the partner's invoices too."""
    clock.set(JANUARY)
    team, partner, partner_legal, link, admin = partner_pays_and_acts(billing)
    link.send("stopped", status="stopped")  # the client paid its own order before the link
    own = ordered(team.legal, team.org, domain("own.ch"))
    clock.advance(hours=1)
    link.send("extended")
    grant = DelegatedGrant.get_by_id(link.id)
    january = ordered(admin, team.org, domain("shop.ch"), hosting())
    clock.advance(hours=1)
    other = billing.team(prefix="o")
    Link(billing, other.org, partner).send("approved")
    elsewhere = ordered(other.legal, other.org, domain("other.ch"))
    clock.set(FEBRUARY)
    february = ordered(admin, team.org, hosting())
    return {"team": team, "partner": partner, "legal": partner_legal, "admin": admin, "grant": grant,
            "own": own, "january": january, "february": february, "elsewhere": elsewhere, "other": other}


def export(person, partner, client, start="2027-01-01", end="2027-02-28"):
    return person.get(f"/v1/partners/{partner}/clients/{client}/billing.csv?from={start}&to={end}")


def rows(response):
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "text/csv" and response.is_streamed
    table = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert tuple(table[0]) == exports.COLUMNS
    return [dict(zip(exports.COLUMNS, row)) for row in table[1:]]


def test_pa9_the_export_holds_the_clients_lines_on_the_partners_invoices_and_its_own_when_billing_is_entrusted(
        billing, partnership):
    p = partnership
    lines = rows(export(p["legal"], p["partner"], p["team"].org))
    invoices = [line["invoice_number"] for line in lines]
    numbers = {key: invoice_number(p[key]) for key in ("own", "january", "february", "elsewhere")}
    assert invoices == [numbers["own"], numbers["january"], numbers["january"], numbers["february"]]
    first = lines[1]
    assert (first["kind"], first["product_type"], first["currency"], first["unit_price"], first["net"]) == (
        "order", "domain-ch", "CHF", "9.50", "9.50")
    assert first["invoiced_organization_id"] == p["partner"] and lines[0]["invoiced_organization_id"] == p["team"].org
    assert first["issued_at"].startswith("2027-01-10T10:00:00")
    # billing no longer entrusted: only what the partner was invoiced for
    DelegatedGrant.update(billing=False).where(DelegatedGrant.id == p["grant"].id).execute()
    assert [line["invoice_number"] for line in rows(export(p["legal"], p["partner"], p["team"].org))] == invoices[1:]
    # the period: issue days from `from` to `to` included
    february = rows(export(p["admin"], p["partner"], p["team"].org, "2027-02-10", "2027-02-10"))
    assert [line["invoice_number"] for line in february] == [numbers["february"]]
    assert rows(export(p["admin"], p["partner"], p["team"].org, "2027-03-01", "2027-03-31")) == []


def invoice_number(invoice_id):
    from services.billing.models import Invoice
    return Invoice.get_by_id(invoice_id).number


def test_pa9_pages_of_any_size_stream_the_same_csv(billing, partnership):
    p = partnership
    start, end = datetime(2027, 1, 1).date(), datetime(2027, 2, 28).date()
    whole = list(exports.csv_chunks(p["partner"], p["team"].org, start, end, True))
    paged = list(exports.csv_chunks(p["partner"], p["team"].org, start, end, True, page=1))
    assert "".join(paged) == "".join(whole) and len(paged) == 1 + 3  # the header, then one invoice a page


def test_pa9_only_the_partners_managers_and_staff_export_and_only_their_own_clients(billing, partnership):
    p = partnership
    team, partner = p["team"], p["partner"]
    collaborator = billing.person("collab@agency.example")
    billing.member(partner, collaborator)
    assert export(collaborator, partner, team.org).status_code == 403  # in the partner, without partner.manage
    assert export(team.legal, partner, team.org).status_code == 404  # does not reach the partner organization
    assert export(p["legal"], partner, team.outsider.id).status_code == 404  # not a client
    rival = billing.person("rival@elsewhere.example")
    rival_org = billing.organization(rival, "Rival")
    assert export(rival, rival_org, team.org).status_code == 404  # another partner's client
    assert rows(export(p["legal"], partner, team.org, "2027-02-01", "2027-01-01")) == []  # an empty period
    staff = Person(billing, "staff@provider.example")
    identity = billing.identity
    staff.token = mint_user_token(identity.config["VAR_DIR"], identity.config["ISSUER"], staff.id,
                                  PERSON_SCOPE + " staff", billing.AUDIENCE, ttl=1800)
    assert len(rows(export(staff, partner, team.org))) == 4
