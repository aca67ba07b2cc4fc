"""The Swiss QR-bill payment part of a CHF invoice (SIX Implementation Guidelines QR-bill 2.3).

The `qrbill` library makes the bill: it checks the QR-IBAN, the QR reference and the
addresses, builds the QR code's payload (Swiss Payments Code) and gives the headings in the
bill's language. qrbill writes SVG, which svglib converts in ~0.2 s a bill (the PDF budget is
50 ms, bench/README.md); so the payment part is drawn here with reportlab, to the style guide's
measures: a 62 mm receipt and a 148 mm payment part, 105 mm high, the 46 mm QR code with its
7 mm Swiss cross, at the foot of an A4 page. (zbar does not read codes with the cross at these
sizes, the SVG's or ours; the tests decode with zxing-cpp, as phones' scanners do.)
"""
import qrcode
from qrbill import QRBill
from qrbill.bill import MAX_CHARS_RECEIPT_LINE, format_ref_number
from reportlab.lib.units import mm
from stdnum import iban

QR_LANGUAGES = ("en", "de", "fr", "it")  # what a QR-bill may be written in
SLIP_HEIGHT, RECEIPT_WIDTH, QR_SIZE = 105 * mm, 62 * mm, 46 * mm
# Any of the eight masks makes a valid code; choosing the "best" one (qrcode's default) costs
# ~70 ms of pure Python per bill and only matters to worn-out scanners.
MASK_PATTERN = 4


def make_bill(seller, buyer, amount, reference, information, language="en"):
    """A checked qrbill.QRBill; `amount` a Money in CHF, `buyer` the invoice's address or None."""
    return QRBill(account=seller["qr_iban"], creditor=_address(seller), debtor=_address(buyer) if _complete(buyer) else None,
                  amount=format(amount.amount, "f"), currency=amount.currency, reference_number=reference,
                  additional_information=information, language=language if language in QR_LANGUAGES else "en")


def draw(canvas, bill, page_width):
    """The payment part at the foot of the current page."""
    label = bill.label
    canvas.saveState()
    canvas.setDash(1, 2)
    canvas.line(0, SLIP_HEIGHT, page_width, SLIP_HEIGHT)
    canvas.line(RECEIPT_WIDTH, 0, RECEIPT_WIDTH, SLIP_HEIGHT)
    canvas.setDash()
    margin, top = 5 * mm, SLIP_HEIGHT - 5 * mm
    account = [iban.format(bill.account)]
    reference = [format_ref_number(bill)] if bill.reference_number else []
    # Without a complete address the payer writes theirs by hand: a heading and room for it.
    payer = label("Payable by") if bill.debtor else label("Payable by (name/address)")
    debtor = list(bill.debtor.as_paragraph(MAX_CHARS_RECEIPT_LINE)) if bill.debtor else [""] * 3
    # The receipt: headings 6 pt, values 8 pt.
    _title(canvas, label("Receipt"), margin, top)
    _blocks(canvas, margin, top - 9 * mm, 6, 8, [
        (label("Account / Payable to"), account + list(bill.creditor.as_paragraph(MAX_CHARS_RECEIPT_LINE))),
        (label("Reference"), reference), (payer, debtor)])
    _amount(canvas, bill, margin, 37 * mm, 6, 8)
    canvas.setFont("Helvetica-Bold", 6)
    canvas.drawRightString(RECEIPT_WIDTH - margin, 18 * mm, label("Acceptance point"))
    # The payment part: headings 8 pt, values 10 pt.
    left = RECEIPT_WIDTH + margin
    _title(canvas, label("Payment part"), left, top)
    _qr_code(canvas, bill.qr_data(), left, SLIP_HEIGHT - 17 * mm - QR_SIZE)
    _amount(canvas, bill, left, 37 * mm, 8, 10)
    info = [bill.additional_information] if bill.additional_information else []
    _blocks(canvas, left + QR_SIZE + 5 * mm, top, 8, 10, [
        (label("Account / Payable to"), account + list(bill.creditor.as_paragraph())), (label("Reference"), reference),
        (label("Additional information"), info),
        (payer, list(bill.debtor.as_paragraph()) if bill.debtor else [""] * 3)])
    canvas.restoreState()


def _title(canvas, text, x, y):
    canvas.setFont("Helvetica-Bold", 11)
    canvas.drawString(x, y - 11, text)


def _blocks(canvas, x, y, heading_size, value_size, blocks):
    """Headed blocks of lines, top down; a block without lines is left out."""
    for heading, lines in blocks:
        if not lines:
            continue
        canvas.setFont("Helvetica-Bold", heading_size)
        canvas.drawString(x, y, heading)
        y -= value_size + 1
        canvas.setFont("Helvetica", value_size)
        for line in lines:
            canvas.drawString(x, y, line)
            y -= value_size + 1
        y -= value_size
    return y


def _amount(canvas, bill, x, y, heading_size, value_size):
    amount_x = x + (12 if heading_size < 8 else 15) * mm
    canvas.setFont("Helvetica-Bold", heading_size)
    canvas.drawString(x, y, bill.label("Currency"))
    canvas.drawString(amount_x, y, bill.label("Amount"))
    canvas.setFont("Helvetica", value_size)
    canvas.drawString(x, y - value_size - 3, bill.currency)
    if bill.amount:
        whole, cents = bill.amount.split(".")
        canvas.drawString(amount_x, y - value_size - 3, f"{int(whole):,}".replace(",", " ") + "." + cents)


def _qr_code(canvas, data, x, y):
    """The QR code (error correction M) as one filled path of horizontal runs, so that adjacent
    modules leave no seam, and the Swiss cross over its centre."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0, mask_pattern=MASK_PATTERN)
    code.add_data(data)
    code.make(fit=True)
    matrix = code.get_matrix()
    count = len(matrix)
    path = canvas.beginPath()
    for row, modules in enumerate(matrix):
        column = 0
        while column < count:
            start = column
            while column < count and modules[column]:
                column += 1
            if column > start:
                path.rect(x + QR_SIZE * start / count, y + QR_SIZE * (count - row - 1) / count,
                          QR_SIZE * (column - start) / count, QR_SIZE / count)
            column += 1
    canvas.drawPath(path, stroke=0, fill=1)
    # The cross: 7 mm with a white border, as the style guide draws it on a 19-unit grid.
    unit = 7 * mm / 19
    cx, cy = x + QR_SIZE / 2 - 19 * unit / 2, y + QR_SIZE / 2 - 19 * unit / 2
    canvas.setFillColorRGB(1, 1, 1)
    canvas.rect(cx, cy, 19 * unit, 19 * unit, stroke=0, fill=1)
    canvas.setFillColorRGB(0, 0, 0)
    canvas.rect(cx + unit, cy + unit, 17 * unit, 17 * unit, stroke=0, fill=1)
    canvas.setFillColorRGB(1, 1, 1)
    canvas.rect(cx + 8 * unit, cy + 4 * unit, 3 * unit, 11 * unit, stroke=0, fill=1)
    canvas.rect(cx + 4 * unit, cy + 8 * unit, 11 * unit, 3 * unit, stroke=0, fill=1)
    canvas.setFillColorRGB(0, 0, 0)


def _complete(address):
    return bool(address) and all(address.get(key) for key in ("name", "postal_code", "city", "country"))


def _address(address):
    return {"name": address["name"][:70], "street": (address.get("street") or "")[:70],
            "pcode": address["postal_code"][:16], "city": address["city"][:35], "country": address["country"]}
