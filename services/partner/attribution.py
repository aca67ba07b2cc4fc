"""PA15, event by event: who referred an organization (identity's sign-up code joined with orgs'
new organization, in either order, or an order's code on its invoice), the commission on its
paid invoices and the reversals of its credit notes. First referral wins (Attribution is unique
per referred organization). The affiliate's row is locked while a commission is written and
while the monthly run pays out (affiliate_runs.py), which orders the two."""
from services.common.db import for_update
from services.common.money import Money

from . import affiliate_rules as rules
from .affiliates import settings
from .cashback import in_currency, naive
from .models import Affiliate, Attribution, Commission, InvoiceFact, ReferralSignup, db


def account_registered(account_id, code, at):
    """identity.account.registered with a referral code: its half of the sign-up's referral."""
    if not code:
        return
    with db.atomic():
        ReferralSignup.insert(account_id=account_id, code=code, registered_at=naive(at)).on_conflict(
            conflict_target=[ReferralSignup.account_id],
            update={ReferralSignup.code: code, ReferralSignup.registered_at: naive(at)}).execute()
        _signup_complete(account_id)


def organization_created(organization_id, legal_representative_id, at):
    """orgs.organization.created: the other half (the account's first organization)."""
    if legal_representative_id is None:
        return
    with db.atomic():
        ReferralSignup.insert(account_id=legal_representative_id).on_conflict_ignore().execute()
        ReferralSignup.update(organization_id=organization_id).where(  # the account's first organization only
            (ReferralSignup.account_id == legal_representative_id) & ReferralSignup.organization_id.is_null()).execute()
        _signup_complete(legal_representative_id)


def _signup_complete(account_id):
    half = ReferralSignup.get_by_id(account_id)
    if half.code and half.organization_id:
        attribute(half.code, half.organization_id, "signup", str(account_id), half.registered_at)


def invoice_issued(organization_id, invoice_id, code, issued_at):
    """billing.invoice.issued of an order that came with a referral code."""
    if code:
        with db.atomic():
            attribute(code, organization_id, "order", str(invoice_id), naive(issued_at))


def attribute(code, organization_id, source, reference, at):
    """Attribute `organization_id` to the active affiliate of `code`, unless someone was first
    (the unique referred organization keeps the first); False for an unknown, ended or own code."""
    affiliate = Affiliate.get_or_none(Affiliate.code == code)
    if affiliate is None or not rules.attributable(affiliate.organization_id, affiliate.status, organization_id):
        return False
    Attribution.insert(affiliate_organization_id=affiliate.organization_id,
                       referred_organization_id=organization_id, source=source, reference=reference,
                       referred_at=at, expires_at=rules.expires_at(at)).on_conflict_ignore().execute()
    return True


def invoice_paid(invoice_id, paid_at):
    """billing.invoice.paid (after cashback's handler, which made sure the fact exists)."""
    paid_at = naive(paid_at)
    with db.atomic():
        fact = InvoiceFact.get_or_none(InvoiceFact.invoice_id == invoice_id)
        found = fact and Attribution.get_or_none(Attribution.referred_organization_id == fact.organization_id)
        if found is None or not rules.earns(found.referred_at, found.expires_at, paid_at):
            return None
        affiliate = _locked(found.affiliate_organization_id)
        net = Money(sum(line["net_minor"] for line in fact.lines), fact.currency)
        earned = rules.commission(net, settings()["rate"])
        if earned.minor == 0:
            return None
        amount, conversion = in_currency(earned, affiliate.currency)  # cashback's: EXCHANGE_RATES, recorded
        Commission.insert(affiliate_organization_id=affiliate.organization_id,
                          referred_organization_id=fact.organization_id, invoice_id=invoice_id,
                          invoice_currency=fact.currency, net_minor=net.minor, currency=amount.currency,
                          amount_minor=amount.minor, rate=settings()["rate_text"], conversion=conversion,
                          month=paid_at.strftime("%Y-%m")).on_conflict_ignore().execute()
        for credit_note_id, credited in _credits(fact.lines):  # credited before it was paid
            _reverse(invoice_id, credit_note_id, credited, paid_at)
    return True


def _credits(lines):
    """The credit notes billing issued against the fact's lines (cashback.py records them), in order."""
    credited = {}
    for line in lines:
        for credit in line.get("credits", []):
            credited[credit["credit_note_id"]] = credited.get(credit["credit_note_id"], 0) + credit["net_minor"]
    return list(credited.items())


def credit_note_issued(invoice_id, credit_note_id, lines, at):
    """billing.credit_note.issued: take back the credited share of the invoice's commission."""
    with db.atomic():
        _reverse(invoice_id, str(credit_note_id), sum(abs(line["net_minor"]) for line in lines), naive(at))


def _reverse(invoice_id, credit_note_id, credited_minor, at):
    accrual = Commission.get_or_none((Commission.invoice_id == invoice_id) & Commission.credit_note_id.is_null())
    if accrual is None:
        return
    _locked(accrual.affiliate_organization_id)
    reversals = list(Commission.select().where((Commission.invoice_id == invoice_id)
                                               & Commission.credit_note_id.is_null(False)))
    if any(str(row.credit_note_id) == str(credit_note_id) for row in reversals):
        return
    invoice_currency = accrual.invoice_currency
    amount = rules.reversal(accrual.amount, -Money.sum([row.amount for row in reversals], accrual.currency),
                            Money(sum(row.net_minor for row in reversals), invoice_currency),
                            Money(credited_minor, invoice_currency), Money(accrual.net_minor, invoice_currency))
    if amount.minor == 0:
        return
    Commission.insert(affiliate_organization_id=accrual.affiliate_organization_id,
                      referred_organization_id=accrual.referred_organization_id, invoice_id=invoice_id,
                      credit_note_id=credit_note_id, invoice_currency=invoice_currency, net_minor=credited_minor,
                      currency=accrual.currency, amount_minor=amount.minor, rate=accrual.rate,
                      conversion=accrual.conversion, month=at.strftime("%Y-%m")).on_conflict_ignore().execute()


def _locked(affiliate_organization_id):
    return for_update(Affiliate.select().where(Affiliate.organization_id == affiliate_organization_id)).first()

