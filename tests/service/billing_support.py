"""Shared pieces of billing's invoice tests: the app, invoices made the way billing makes them,
and reading a PDF back as a person would (its text, and the QR-bill's code from the rendered page)."""
import subprocess
import uuid
from datetime import date

import pytest

from services.billing import app as billing_app
from services.billing import invoicing
from services.billing.models import db
from services.common.money import Money
from tests.conftest import service_config

from .conftest import trust_identity

BUYER = {"name": "Alpine Web AG", "street": "Bahnhofstrasse 1", "postal_code": "8001", "city": "Zürich",
         "country": "CH"}


@pytest.fixture
def billing(tmp_path, databases, identity):
    app = billing_app.create_app(service_config(billing_app, tmp_path, databases, "billing"))
    yield trust_identity(app, identity)
    app.extensions["database"].close()


def lines(currency="CHF"):
    """A year of web hosting (two units), a .ch domain, and a reduced-rate line: three VAT amounts
    that each round (8.1 % of 238.00, of 15.00; 2.6 % of 33.33)."""
    return [{"kind": "order", "description": "Web hosting Pro, alpine-web.ch", "unit_price": Money(11900, currency),
             "quantity": 2, "vat_category": "standard", "product_type": "web-hosting",
             "period_start": date(2026, 1, 1), "period_end": date(2026, 12, 31)},
            {"kind": "order", "description": ".ch domain alpine-web.ch", "unit_price": Money(1500, currency),
             "vat_category": "standard", "product_type": "domain-ch"},
            {"kind": "order", "description": "Printed manual", "unit_price": Money(3333, currency),
             "vat_category": "reduced"}]


def draft(app, organization_id=None, currency="CHF", items=None, buyer=BUYER):
    with db.atomic():
        return invoicing.create_draft(organization_id or uuid.uuid4(), currency, items or lines(currency),
                                      app.config["VAT_RATES"], buyer=buyer)


def issued(app, organization_id=None, currency="CHF", items=None, buyer=BUYER):
    invoice = draft(app, organization_id, currency, items, buyer)
    with db.atomic():
        return invoicing.issue(invoice)


def pdf_text(content, tmp_path):
    path = tmp_path / f"{uuid.uuid4().hex}.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout


def qr_codes_on_last_page(content, tmp_path):
    """The QR codes a reader finds on the PDF's last page rendered at 150 dpi (as printed)."""
    import zxingcpp
    from PIL import Image

    path = tmp_path / f"{uuid.uuid4().hex}.pdf"
    path.write_bytes(content)
    pages = int(next(line.split()[-1] for line in subprocess.run(
        ["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout.splitlines()
        if line.startswith("Pages:")))
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-f", str(pages), "-l", str(pages), str(path),
                    str(tmp_path / "page")], check=True)
    image = next(tmp_path.glob("page*.png"))
    found = [code.text for code in zxingcpp.read_barcodes(Image.open(image))
             if code.format == zxingcpp.BarcodeFormat.QRCode]
    image.unlink()
    return found
