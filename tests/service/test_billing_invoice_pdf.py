"""BI5, BI14: every invoice and credit note has a real PDF, read back here as a person would: its
text (pdftotext), and for CHF invoices the Swiss QR-bill's code decoded from the rendered page."""
import argparse
from datetime import datetime

from services.billing import credit_notes, documents
from services.billing.cli import invoices as invoices_command
from services.billing.models import Document, InvoiceLine
from services.common.money import Money

from .billing_support import billing, draft, issued, pdf_text, qr_codes_on_last_page  # noqa: F401 - the fixture


def test_bi5_an_issued_invoice_pdf_names_seller_buyer_number_dates_lines_vat_totals_and_terms(billing, clock,  # noqa: F811
                                                                                            tmp_path):
    clock.set(datetime(2026, 3, 10, 14, 0))
    invoice = issued(billing)
    text = pdf_text(documents.invoice_pdf(invoice, billing.config["SELLER"]), tmp_path)
    for expected in ("Partner Portal SA", "Rue du Rhône 1", "1204 Genève", "CHE-123.456.788 MWST",  # seller
                     "Alpine Web AG", "Bahnhofstrasse 1", "8001 Zürich",  # buyer
                     "INVOICE", "INV-2026-000001", "2026-03-10", "2026-04-09",  # number, date, due date
                     "Web hosting Pro, alpine-web.ch", "(2026-01-01 to 2026-12-31)", "Printed manual"):
        assert expected in text, expected
    rows = [" ".join(line.split()) for line in text.splitlines()]
    assert any(row.startswith("1 Web hosting Pro") and row.endswith("2 119.00 238.00 8.1 % 19.28 257.28")
               for row in rows)  # per line: quantity, unit price, net, rate, VAT, total
    assert "2.6 % 33.33 0.87" in rows and "8.1 % 253.00 20.50" in rows  # VAT per rate
    assert "Total net 286.33" in rows and "Total VAT 21.37" in rows and "Total CHF 307.70" in rows
    assert "30 days net, by 2026-04-09" in text and "QR-bill" in text  # payment terms


def test_bi5_a_chf_invoice_ends_with_a_swiss_qr_bill_whose_code_says_whom_to_pay_how_much_and_the_reference(
        billing, tmp_path):  # noqa: F811
    invoice = issued(billing)
    content = documents.invoice_pdf(invoice, billing.config["SELLER"])
    [code] = qr_codes_on_last_page(content, tmp_path)
    fields = code.split("\r\n")
    assert fields[:4] == ["SPC", "0200", "1", "CH4431999123000889012"]  # Swiss Payments Code, the QR-IBAN
    assert fields[5:11] == ["Partner Portal SA", "Rue du Rhône 1", "", "1204", "Genève", "CH"]  # creditor
    assert fields[18:20] == ["307.70", "CHF"]  # amount, currency
    assert fields[21:27] == ["Alpine Web AG", "Bahnhofstrasse 1", "", "8001", "Zürich", "CH"]  # debtor
    assert fields[27:29] == ["QRR", invoice.qr_reference]  # the QR reference stored at issue
    assert fields[29] == f"Invoice {invoice.number}" and fields[30] == "EPD"
    text = pdf_text(content, tmp_path)
    assert "Payment part" in text and "Receipt" in text and "Acceptance point" in text
    assert "20 26000 00000 00000 00000 0001" in text  # the reference as printed, in blocks of five


def test_bi5_a_eur_invoice_has_no_qr_bill_and_a_buyer_without_address_leaves_room_to_write_it(billing, tmp_path):  # noqa: F811
    eur = issued(billing, currency="EUR")
    assert eur.qr_reference is None
    content = documents.invoice_pdf(eur, billing.config["SELLER"])
    assert qr_codes_on_last_page(content, tmp_path) == [] and "Total EUR" in pdf_text(content, tmp_path)
    anonymous = issued(billing, buyer=None)
    [code] = qr_codes_on_last_page(documents.invoice_pdf(anonymous, billing.config["SELLER"]), tmp_path)
    assert code.split("\r\n")[20:27] == ["", "", "", "", "", "", ""]  # no debtor in the code
    assert "Payable by (name/address)" in pdf_text(documents.invoice_pdf(anonymous, billing.config["SELLER"]),
                                                   tmp_path)


def test_bi5_a_draft_renders_as_a_pro_forma_without_number_nor_qr_bill(billing, tmp_path):  # noqa: F811
    content = documents.invoice_pdf(draft(billing), billing.config["SELLER"])
    text = pdf_text(content, tmp_path)
    assert "PRO-FORMA" in text and "INV-" not in text and "Total CHF 307.70" in " ".join(text.split())
    assert qr_codes_on_last_page(content, tmp_path) == []


def test_bi5_a_credit_note_pdf_names_the_invoice_it_credits_its_lines_and_vat(billing, tmp_path):  # noqa: F811
    invoice = issued(billing)
    manual = invoice.lines.order_by(InvoiceLine.position.desc()).first()
    note = credit_notes.issue_credit_note(invoice.id, [{"invoice_line_id": manual.id, "amount": Money(3333, "CHF")}],
                                          "manual returned")
    rows = [" ".join(line.split()) for line in pdf_text(documents.credit_note_pdf(note, billing.config["SELLER"]),
                                                        tmp_path).splitlines()]
    for expected in ("CREDIT NOTE", "Credit note number CN-2026-000001", f"Credits invoice {invoice.number}",
                     "Reason manual returned", "Total credited CHF 34.20", "Alpine Web AG"):
        assert any(expected in row for row in rows), expected
    assert any(row.startswith("3 Printed manual") and row.endswith("33.33 2.6 % 0.87 34.20") for row in rows)


def test_bi5_operators_render_a_pdf_again_and_it_is_kept(billing, tmp_path, capsys):  # noqa: F811
    invoice = issued(billing)
    out = tmp_path / "again.pdf"
    assert invoices_command(billing.config, argparse.Namespace(action="render", id=str(invoice.id), out=str(out))) == 0
    assert bytes(Document.get_by_id(invoice.id).pdf) == out.read_bytes()
    assert invoice.number in pdf_text(out.read_bytes(), tmp_path)
    assert f"rendered {invoice.number}" in capsys.readouterr().err
