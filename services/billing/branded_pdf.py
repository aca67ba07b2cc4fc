"""PX5: the PDF of a partner's branded invoice to its client: billing's invoice layout (pdf.py)
with the partner as seller, its logo above, and for CHF the Swiss QR-bill (qr_bill.py) with the
partner as creditor (its QR-IBAN with the invoice's QR reference, else its IBAN without one)."""
import io

from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Image, PageBreak, Paragraph, Spacer
from xml.sax.saxutils import escape

from services.common.money import Money

from . import domain, pdf, qr_bill

LOGO_HEIGHT = 18 * mm


def branded_invoice_pdf(invoice, lines, logo=None):
    money = pdf._money(invoice.currency)
    seller = invoice.seller
    facts = [("Invoice number", invoice.number), ("Date", invoice.issued_at.date().isoformat()),
             ("Due date", invoice.due_on.isoformat())]
    rows = [["#", "Description", "Qty", "Unit price", "Net", "VAT %", "VAT", "Total"]]
    for line in lines:
        rows.append([str(line.position), pdf._describe(line), "1", money(line.net_minor), money(line.net_minor),
                     f"{line.vat_rate} %", money(line.vat_minor), money(line.net_minor + line.vat_minor)])
    story = [_logo(logo), Spacer(1, 4 * mm)] if logo else []
    story += pdf._head(seller, invoice.buyer, "INVOICE", facts)
    story += [pdf._table(rows, [8, 74, 10, 20, 18, 12, 14, 18]), Spacer(1, 6 * mm)]
    story += pdf._summary([(line.vat_rate, line.net_minor, line.vat_minor) for line in lines], money,
                          [("Total net", invoice.net_minor), ("Total VAT", invoice.vat_minor),
                           (f"Total {invoice.currency}", invoice.total_minor)])
    account = seller.get("qr_iban") or seller.get("iban") or ""
    terms = (f"Payment terms: {domain.PAYMENT_TERMS_DAYS} days net, by {invoice.due_on.isoformat()}, to "
             f"{escape(seller['name'])}, IBAN {escape(account)}, quoting {escape(invoice.number)}.")
    if invoice.currency == "CHF" and account:
        terms += " Or pay with the QR-bill on the last page."
    story.append(Paragraph(terms, pdf.TEXT))
    if invoice.currency == "CHF" and account:
        bill = qr_bill.make_bill({**seller, "qr_iban": account}, invoice.buyer, Money(invoice.total_minor, "CHF"),
                                 invoice.qr_reference, f"Invoice {invoice.number}")
        story += [PageBreak(), pdf._Slip(bill)]
    return pdf._build(story, f"Invoice {invoice.number}")


def _logo(content):
    width, height = ImageReader(io.BytesIO(content)).getSize()
    return Image(io.BytesIO(content), width=LOGO_HEIGHT * width / height, height=LOGO_HEIGHT, hAlign="LEFT")
