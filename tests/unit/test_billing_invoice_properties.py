"""BI5, BI14 as properties (hypothesis): an invoice's total is exactly the sum of its lines and
their VAT; credits never exceed a line (so never the invoice), no credit's VAT is negative, and
crediting every line, in any pieces, gives back the invoice's total to the centime."""
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from services.billing import domain
from services.common.money import Money

RATES = domain.parse_vat_rates(domain.DEFAULT_VAT_RATES)
RATE_VALUES = sorted(set(RATES.values()))


def chf(minor):
    return Money(minor, "CHF")


line_strategy = st.tuples(st.integers(-50_000, 5_000_000), st.integers(1, 50), st.sampled_from(RATE_VALUES))


@given(st.lists(line_strategy, min_size=1, max_size=12))
def test_bi14_an_invoice_total_is_exactly_the_sum_of_its_lines_and_their_vat(lines):
    computed = [domain.line_amounts(chf(price), quantity, rate) for price, quantity, rate in lines]
    net, vat, total = domain.totals(computed, "CHF")
    assert net.minor == sum(n.minor for n, _v in computed) and vat.minor == sum(v.minor for _n, v in computed)
    assert total.minor == net.minor + vat.minor
    for (price, quantity, rate), (line_net, line_vat) in zip(lines, computed):
        assert line_net.minor == price * quantity
        exact = Decimal(line_net.minor) * rate / 100
        assert abs(Decimal(line_vat.minor) - exact) <= Decimal("0.5")  # rounded once, to the nearest centime


def credits_of(line_net, pieces):
    """Credit pieces of a line (the last one: what remains), as a credit note would ask them."""
    sign = 1 if line_net.minor > 0 else -1
    asked, left = [], abs(line_net.minor)
    for piece in pieces:
        if 0 < piece < left:
            asked.append(chf(sign * piece))
            left -= piece
    return asked + ([chf(sign * left)] if left else [])


@settings(max_examples=300)
@given(st.lists(st.tuples(line_strategy, st.lists(st.integers(1, 2_000_000), max_size=6)), min_size=1, max_size=8))
def test_bi5_credits_never_exceed_a_line_and_crediting_every_line_gives_back_the_total(lines):
    invoice_total, credited_total = 0, 0
    for (price, quantity, rate), pieces in lines:
        line_net, line_vat = domain.line_amounts(chf(price), quantity, rate)
        invoice_total += line_net.minor + line_vat.minor
        net_before, vat_before = chf(0), chf(0)
        for credit in credits_of(line_net, pieces):
            assert domain.creditable(line_net, net_before, credit)
            vat = domain.credited_vat(line_net, line_vat, net_before, vat_before, credit)
            assert vat.minor * line_vat.minor >= 0  # of the line's sign (or zero): never a negative credit's VAT
            net_before, vat_before = net_before + credit, vat_before + vat
            assert abs(vat_before.minor) <= abs(line_vat.minor) and abs(net_before.minor) <= abs(line_net.minor)
            credited_total += credit.minor + vat.minor
        assert (net_before, vat_before) == (line_net, line_vat)  # fully credited: exactly the line
        assert not domain.creditable(line_net, net_before, chf(1)) and not domain.creditable(line_net, net_before,
                                                                                              chf(-1))
    assert credited_total == invoice_total


@given(line_strategy, st.integers(-10_000_000, 10_000_000), st.integers(0, 10_000_000))
def test_bi5_a_credit_is_allowed_only_within_what_remains_of_its_line(line, credit, already):
    price, quantity, rate = line
    line_net, _vat = domain.line_amounts(chf(price), quantity, rate)
    already = min(already, abs(line_net.minor)) * (1 if line_net.minor >= 0 else -1)
    allowed = domain.creditable(line_net, chf(already), chf(credit))
    same_sign = credit != 0 and (credit > 0) == (line_net.minor > 0)
    assert allowed == (same_sign and abs(already + credit) <= abs(line_net.minor))


def test_bi5_the_qr_reference_is_27_digits_with_the_mod10_recursive_check_digit():
    from stdnum.ch import esr

    assert domain.mod10_recursive("21000000000313947143000901") == "7"  # SIX's example
    for year, sequence in ((2026, 1), (2026, 999_999), (2099, 123_456_789)):
        reference = domain.qr_reference(year, sequence)
        assert len(reference) == 27 and esr.is_valid(reference)
