"""PA11 over HTTP: a partner's cashback statements (paged) and entries, for its managers and the
provider's staff; another partner's statement is 404, a member without the right 403."""
import uuid
from datetime import datetime

from services.partner.models import CashbackEntry, CashbackStatement

from .partner_apps_support import orgs, partner  # noqa: F401 - fixtures


def entry(partner_org, month, amount_minor, credit_note=None):
    return CashbackEntry.create(partner_organization_id=partner_org, client_organization_id=uuid.uuid4(),
                                invoice_id=uuid.uuid4(), invoice_line_id=uuid.uuid4(), credit_note_id=credit_note,
                                month=month, family="hosting", condition="full-client-pays", currency="CHF",
                                public_minor=10000, partner_minor=9000, amount_minor=amount_minor, rate="10")


def statement(partner_org, month, earned, taken, issued_at):
    return CashbackStatement.create(partner_organization_id=partner_org, month=month, currency="CHF",
                                    earned_minor=earned, reversed_minor=taken, amount_minor=max(0, earned - taken),
                                    entries=2, issued_at=issued_at)


def test_pa11_a_partner_reads_its_statements_with_their_entries_and_its_entries_per_month(partner):  # noqa: F811
    team, other = partner.team(), partner.team()
    base = f"/v1/partners/{team.org}/cashback"
    entry(team.org, "2027-02", 1000)
    entry(team.org, "2027-03", 2500)
    entry(team.org, "2027-03", -500, credit_note=uuid.uuid4())
    february = statement(team.org, "2027-02", 1000, 0, datetime(2027, 3, 1, 3))
    march = statement(team.org, "2027-03", 2500, 500, datetime(2027, 4, 1, 3))
    foreign = statement(other.org, "2027-03", 100, 0, datetime(2027, 4, 1, 3))

    page = team.admin.get(f"{base}/statements?limit=1").get_json()
    assert [s["month"] for s in page["items"]] == ["2027-03"] and page["next_cursor"]
    assert page["items"][0]["amount"] == {"amount": "20.00", "amount_minor": 2000, "currency": "CHF"}
    rest = team.legal.get(f"{base}/statements?cursor={page['next_cursor']}").get_json()
    assert [s["id"] for s in rest["items"]] == [str(february.id)] and rest["next_cursor"] is None
    one = team.admin.get(f"{base}/statements/{march.id}").get_json()
    assert one["status"] == "issued" and sorted(e["amount"]["amount"] for e in one["items"]) == ["-5.00", "25.00"]
    assert one["reversed"]["amount"] == "5.00"
    entries = team.admin.get(f"{base}/entries?month=2027-02").get_json()["items"]
    assert [(e["amount"]["amount"], e["condition"], e["rate"]) for e in entries] == [("10.00", "full-client-pays", "10")]
    assert partner.staff.get(f"{base}/statements/{february.id}").status_code == 200  # staff read

    assert team.admin.get(f"{base}/statements/{foreign.id}").status_code == 404  # another partner's id
    assert team.admin.get(f"{base}/entries?month=2027-13").status_code == 422
    assert team.collaborator.get(f"{base}/statements").status_code == 403
    assert team.outsider.get(f"{base}/statements").status_code == 404
    assert other.admin.get(f"{base}/entries?month=2027-03").status_code == 404
