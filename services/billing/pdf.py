"""The PDF of an invoice, a pro-forma (a draft: no number) and a credit note (BI5, BI14), with
reportlab: seller and buyer, number, dates, the lines with their VAT, VAT per rate, totals and
payment terms; a CHF invoice ends with its Swiss QR-bill payment part (qr_bill.py).
"""
import io
from collections import defaultdict
from decimal import Decimal

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from xml.sax.saxutils import escape

from services.common.money import Money

from . import domain, qr_bill

STYLES = getSampleStyleSheet()
TEXT, SMALL, TITLE = STYLES["Normal"], STYLES["BodyText"], STYLES["Title"]
GRID = TableStyle([("FONT", (0, 0), (-1, 0), "Helvetica-Bold"), ("FONTSIZE", (0, 0), (-1, -1), 8),
                   ("LINEBELOW", (0, 0), (-1, 0), 1, colors.black), ("ALIGN", (2, 0), (-1, -1), "RIGHT"),
                   ("VALIGN", (0, 0), (-1, -1), "TOP")])
TOTALS = TableStyle([("FONTSIZE", (0, 0), (-1, -1), 9), ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
                     ("FONT", (0, -1), (-1, -1), "Helvetica-Bold"), ("LINEABOVE", (0, -1), (-1, -1), 1, colors.black)])


def invoice_pdf(invoice, lines, seller):
    """An issued invoice's PDF, or a draft's as the PRO-FORMA without number."""
    money = _money(invoice.currency)
    issued = invoice.status != "draft"
    facts = ([("Invoice number", invoice.number), ("Date", invoice.issued_at.date().isoformat()),
              ("Due date", invoice.due_on.isoformat())] if issued else
             [("Date", invoice.created_at.date().isoformat()), ("", "Not a tax invoice: the invoice follows payment.")])
    rows = [["#", "Description", "Qty", "Unit price", "Net", "VAT %", "VAT", "Total"]]
    for line in lines:
        rows.append([str(line.position), _describe(line), str(line.quantity), money(line.unit_price_minor),
                     money(line.net_minor), f"{line.vat_rate} %", money(line.vat_minor),
                     money(line.net_minor + line.vat_minor)])
    story = _head(seller, invoice.buyer, "INVOICE" if issued else "PRO-FORMA", facts)
    story += [_table(rows, [8, 74, 10, 20, 18, 12, 14, 18]), Spacer(1, 6 * mm)]
    story += _summary([(line.vat_rate, line.net_minor, line.vat_minor) for line in lines], money,
                      [("Total net", invoice.net_minor), ("Total VAT", invoice.vat_minor),
                       (f"Total {invoice.currency}", invoice.total_minor)])
    story.append(Paragraph(_terms(invoice, seller, issued), TEXT))
    if issued and invoice.currency == "CHF" and invoice.qr_reference:
        bill = qr_bill.make_bill(seller, invoice.buyer, Money(invoice.total_minor, invoice.currency),
                                 invoice.qr_reference, f"Invoice {invoice.number}")
        story += [PageBreak(), _Slip(bill)]
    return _build(story, f"Invoice {invoice.number or 'pro-forma'}")


def credit_note_pdf(note, invoice, credited, seller):
    """A credit note's PDF; `credited` is [(credit note line, its invoice line)]."""
    money = _money(note.currency)
    facts = [("Credit note number", note.number), ("Date", note.issued_at.date().isoformat()),
             ("Credits invoice", invoice.number), ("Reason", note.reason)]
    rows = [["#", "Description", "", "", "Net", "VAT %", "VAT", "Total"]]
    for credit, line in credited:
        rows.append([str(line.position), _describe(line), "", "", money(credit.net_minor), f"{line.vat_rate} %",
                     money(credit.vat_minor), money(credit.net_minor + credit.vat_minor)])
    story = _head(seller, invoice.buyer, "CREDIT NOTE", facts)
    story += [_table(rows, [8, 94, 5, 5, 20, 12, 16, 20]), Spacer(1, 6 * mm)]
    story += _summary([(line.vat_rate, credit.net_minor, credit.vat_minor) for credit, line in credited], money,
                      [("Total net credited", note.net_minor), ("Total VAT credited", note.vat_minor),
                       (f"Total credited {note.currency}", note.total_minor)])
    story.append(Paragraph(f"This credit note reduces what invoice {escape(invoice.number)} asks by "
                           f"{money(note.total_minor)} {note.currency}.", TEXT))
    return _build(story, f"Credit note {note.number}")


class _Slip(Flowable):
    """The QR-bill payment part, drawn at the foot of the page it lands on."""

    def __init__(self, bill):
        super().__init__()
        self.bill = bill

    def wrap(self, *_available):
        return 0, 0

    def draw(self):
        x, y = self.canv.absolutePosition(0, 0)
        self.canv.translate(-x, -y)
        qr_bill.draw(self.canv, self.bill, A4[0])


def _head(seller, buyer, title, facts):
    seller_lines = [seller["name"], seller["street"], f"{seller['postal_code']} {seller['city']}", seller["country"],
                    f"VAT {seller['vat_number']}"]
    buyer = buyer or {}
    buyer_lines = [buyer.get(key) for key in ("name", "street")] + [
        " ".join(filter(None, [buyer.get("postal_code"), buyer.get("city")])), buyer.get("country"),
        f"VAT {buyer['vat_number']}" if buyer.get("vat_number") else None]
    addresses = Table([[_lines(seller_lines), _lines(["Bill to"] + buyer_lines)]], colWidths=[90 * mm, 80 * mm])
    known = Table([[label, value] for label, value in facts], colWidths=[40 * mm, 130 * mm],
                  style=[("FONT", (0, 0), (0, -1), "Helvetica-Bold"), ("FONTSIZE", (0, 0), (-1, -1), 9)])
    return [addresses, Spacer(1, 8 * mm), Paragraph(title, TITLE), known, Spacer(1, 6 * mm)]


def _summary(rated, money, totals):
    """VAT per rate, then the totals."""
    per_rate = defaultdict(lambda: [0, 0])
    for rate, net, vat in rated:
        per_rate[rate][0] += net
        per_rate[rate][1] += vat
    rows = [["VAT rate", "Net", "VAT"]] + [[f"{rate} %", money(net), money(vat)]
                                           for rate, (net, vat) in sorted(per_rate.items(), key=lambda r: Decimal(r[0]))]
    summary = Table(rows, colWidths=[30 * mm, 30 * mm, 30 * mm], hAlign="LEFT", style=GRID)
    total = Table([[label, money(amount)] for label, amount in totals], colWidths=[50 * mm, 30 * mm],
                  hAlign="RIGHT", style=TOTALS)
    return [summary, Spacer(1, 4 * mm), total, Spacer(1, 8 * mm)]


def _terms(invoice, seller, issued):
    if not issued:
        return "Pay this pro-forma to start your order: it becomes your invoice, numbered, once paid."
    pay = (f"Payment terms: {domain.PAYMENT_TERMS_DAYS} days net, by {invoice.due_on.isoformat()}, "
           f"to {escape(seller['name'])}, IBAN {escape(seller['iban'])}, quoting {escape(invoice.number)}.")
    if invoice.currency == "CHF" and invoice.qr_reference:
        pay += " Or pay with the QR-bill on the last page."
    return pay


def _describe(line):
    period = f" ({line.period_start.isoformat()} to {line.period_end.isoformat()})" if line.period_start else ""
    return Paragraph(escape(line.description + period), SMALL)


def _lines(lines):
    return Paragraph("<br/>".join(escape(line) for line in lines if line), TEXT)


def _table(rows, widths):
    return Table(rows, colWidths=[width * mm for width in widths], repeatRows=1, style=GRID)


def _money(currency):
    def text(minor):
        return format(Money(minor, currency).amount, ",f").replace(",", "'")
    return text


def _build(story, title):
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=15 * mm,
                                 bottomMargin=15 * mm, title=title, author="", creator="partner-portal billing")
    document.build(story)
    return buffer.getvalue()
