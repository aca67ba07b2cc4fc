"""BI7: bank transfers reconciled from ISO 20022 camt.054 files (tests/fixtures/): matched by QR
reference or invoice number, exact amounts pay the invoice, partial, excess and unmatched
credits wait in the review list, a re-import adds nothing; the operator's CLI."""
import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from services.billing import app as billing_app
from services.billing import camt, reconciliation
from services.billing.models import BankCredit, Invoice, OutboxEvent, Payment
from tests.conftest import service_config

from .payments_support import invoice

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
V04, V08 = FIXTURES / "camt054_v04_qr_references.xml", FIXTURES / "camt054_v08_invoice_numbers.xml"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def billing(tmp_path, databases, clock):
    clock.set(datetime(2026, 3, 1, 9, 0))
    app = billing_app.create_app(service_config(billing_app, tmp_path, databases, "billing"))
    yield app
    app.extensions["database"].close()


@pytest.fixture
def invoices(billing):
    """INV-2026-000001 to 000004, 108.10 CHF each, with the QR references issuing gave them."""
    import uuid

    org = uuid.uuid4()
    made = [invoice(billing, org) for _ in range(4)]
    assert Invoice.get_by_id(made[0].id).qr_reference == "202600000000000000000000013"
    assert [b.number for b in made] == [f"INV-2026-00000{n}" for n in range(1, 5)]
    return made


def status(bill):
    return Invoice.get_by_id(bill.id).status


def test_bi7_a_camt_054_v04_credit_with_the_qr_reference_and_exact_amount_pays_the_invoice(invoices):
    counts = reconciliation.import_file(V04.read_bytes())
    assert counts == {"credits": 3, "matched": 1, "review": 2, "already_imported": 0}
    assert status(invoices[0]) == "paid" and status(invoices[1]) == "issued"
    payment = Payment.get(Payment.invoice_id == invoices[0].id)
    assert (payment.method, payment.status, payment.amount_minor) == ("iban", "succeeded", 10810)
    paid = [json.loads(e.envelope)["data"] for e in OutboxEvent.select().where(OutboxEvent.type == "billing.invoice.paid")]
    assert [(p["number"], p["methods"]) for p in paid] == [("INV-2026-000001", ["iban"])]
    review = {c.entry_reference: (c.review_reason, c.invoice_id) for c in reconciliation.review_list()}
    assert review == {"260305CH0A1B2C3D-0002": ("partial", invoices[1].id), "260305CH0E5F6G7H/1": ("unmatched", None)}


def test_bi7_re_importing_the_same_file_adds_nothing(invoices):
    reconciliation.import_file(V04.read_bytes())
    again = reconciliation.import_file(V04.read_bytes())
    assert again == {"credits": 3, "matched": 0, "review": 0, "already_imported": 3}
    assert BankCredit.select().count() == 3 and Payment.select().count() == 1


def test_bi7_a_camt_054_v08_credit_names_the_invoice_number_and_more_than_due_is_excess(invoices):
    counts = reconciliation.import_file(V08.read_bytes())
    assert counts == {"credits": 2, "matched": 1, "review": 1, "already_imported": 0}
    assert status(invoices[2]) == "issued" and status(invoices[3]) == "paid"
    excess = BankCredit.get(BankCredit.invoice_id == invoices[2].id)
    assert (excess.status, excess.review_reason, excess.debtor) == ("review", "excess", "Gamma Hosting SA")


def test_bi7_a_transfer_for_an_invoice_already_paid_is_excess(invoices):
    reconciliation.import_file(V04.read_bytes())
    twice = V04.read_bytes().replace(b"260305CH0A1B2C3D-0001", b"260306CH0A1B2C3D-0001")
    reconciliation.import_file(twice)
    again = BankCredit.get(BankCredit.entry_reference == "260306CH0A1B2C3D-0001")
    assert (again.status, again.review_reason) == ("review", "excess")
    assert Invoice.get_by_id(invoices[0].id).paid_minor == 10810


def test_bi7_an_operator_resolves_a_credit_of_the_review_list(invoices):
    reconciliation.import_file(V04.read_bytes())
    credit = reconciliation.review_list()[0]
    resolved = reconciliation.resolve(credit.id, "refunded to the payer")
    assert resolved.status == "resolved" and resolved.resolution == "refunded to the payer"
    assert len(reconciliation.review_list()) == 1
    with pytest.raises(Exception, match="not in the review list"):
        reconciliation.resolve(credit.id, "again")


@pytest.mark.parametrize("data, message", [
    (b"<not xml", "well-formed"),
    (b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.04"/>', "not a camt.054"),
    (b'<!DOCTYPE x [<!ENTITY a "b">]><Document/>', "DOCTYPE"),
    (V08.read_bytes().replace(b"<Amt Ccy=\"CHF\">120.00</Amt>", b"<Amt Ccy=\"CHF\">1.2.0</Amt>"), "amount"),
])
def test_bi7_a_file_that_is_not_a_camt_054_is_refused_and_imports_nothing(billing, data, message):
    with pytest.raises(camt.CamtError, match=message):
        reconciliation.import_file(data)
    assert BankCredit.select().count() == 0


def test_bi7_the_operator_cli_imports_a_file_and_lists_and_resolves_the_review_list(billing, invoices):
    env = {**os.environ, "DATABASE_URL": billing.config["DATABASE_URL"], "VAR_DIR": billing.config["VAR_DIR"],
           "LOG_LEVEL": "WARNING"}

    def cli(*args):
        return subprocess.run([sys.executable, "-m", "services.billing", "reconciliation", *args], cwd=ROOT,
                              env=env, capture_output=True, text=True, timeout=60)

    imported = cli("import", str(V04))
    assert imported.returncode == 0, imported.stderr
    assert json.loads(imported.stdout) == {"credits": 3, "matched": 1, "review": 2, "already_imported": 0}
    listed = cli("review")
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    assert [r["reason"] for r in rows] == ["partial", "unmatched"] and "2 credit(s) to review" in listed.stderr
    resolved = cli("review", "--resolve", rows[1]["id"], "--note", "returned to Unknown Payer AG")
    assert resolved.returncode == 0 and json.loads(resolved.stdout)["status"] == "resolved"
    assert cli("review", "--resolve", rows[1]["id"]).returncode == 2  # a note is required
    assert cli("import", str(FIXTURES / "missing.xml")).returncode == 1
