"""billing's API as the signed-in person: catalogue, products, orders, addresses, invoices,
credit notes, payment profiles, payments and the prepaid account (BI1-BI14). Every path but
the catalogue is under the organization; a creating POST carries the form's Idempotency-Key,
so that a form sent twice (a double click, a reload) orders, pays or deposits once."""
from . import base

SERVICE = "billing"


def _in(organization_id, path=""):
    return f"/v1/organizations/{organization_id}{path}"


def _create(path, body, key=None):
    return base.call(SERVICE, "POST", path, json=body, headers={"Idempotency-Key": key} if key else None)


def catalogue():
    """{version, products: [{id, family, name, renewal, warranty, prices, tiers, ...}]} (public)."""
    return base.get(SERVICE, "/v1/catalogue")


# -- products (BI1-BI4, BI12) ----------------------------------------------------------------

def products(organization_id, status=None):
    return base.get(SERVICE, _in(organization_id, "/products"), **({"status": status} if status else {}))


def product(organization_id, product_id):
    return base.get(SERVICE, _in(organization_id, f"/products/{product_id}"))


def renew(organization_id, items, billing_address_id=None, key=None):
    """BI2: [{product_id, periods}] in one invoice; the issued invoice."""
    body = {"items": items, **({"billing_address_id": billing_address_id} if billing_address_id else {})}
    return _create(_in(organization_id, "/renewals"), body, key)


def cancel_product(organization_id, product_id):
    """BI12: only with the confirmation; what is already due stays due."""
    return base.post(SERVICE, _in(organization_id, f"/products/{product_id}/cancellation"), {"confirm": True})


def set_auto_renewal(organization_id, product_ids, enabled):
    """BI3: one or many at once; refused (rule BI3) without a Visa/MasterCard default profile or
    within 14 days of expiry."""
    return base.put(SERVICE, _in(organization_id, "/products/auto-renewal"),
                    {"product_ids": list(product_ids), "enabled": enabled})


def set_warranty(organization_id, product_ids, enabled):
    """BI4: never for NAS Synology (rule BI4)."""
    return base.put(SERVICE, _in(organization_id, "/products/warranty"),
                    {"product_ids": list(product_ids), "enabled": enabled})


# -- orders (BI10, BI11) ---------------------------------------------------------------------

def orders(organization_id):
    return base.get(SERVICE, _in(organization_id, "/orders"))


def order(organization_id, order_id):
    return base.get(SERVICE, _in(organization_id, f"/orders/{order_id}"))


def new_cart(organization_id, key=None, referral_code=None):
    """`referral_code` (PA15): the affiliate code the browser brought (referral.py)."""
    return _create(_in(organization_id, "/orders"), {"referral_code": referral_code} if referral_code else {}, key)


def add_item(organization_id, order_id, item):
    """{product_type, name, months, periods, units, voucher_code?, warranty, auto_renew}: the order."""
    return base.post(SERVICE, _in(organization_id, f"/orders/{order_id}/items"), item)


def remove_item(organization_id, order_id, item_id):
    return base.delete(SERVICE, _in(organization_id, f"/orders/{order_id}/items/{item_id}"))


def set_promotion_code(organization_id, order_id, code):
    """BI10: at the end of the order, on a cart with items."""
    return base.put(SERVICE, _in(organization_id, f"/orders/{order_id}/promotion-code"), {"code": code})


def place_order(organization_id, order_id, billing_address_id=None, key=None):
    """The order placed (its pro-forma is `invoice_id`), or held by the fraud check (BI11)."""
    body = {"billing_address_id": billing_address_id} if billing_address_id else {}
    return _create(_in(organization_id, f"/orders/{order_id}/placement"), body, key)


def verify_order(organization_id, order_id, document):
    """BI11: the verification a held order asks for."""
    return base.post(SERVICE, _in(organization_id, f"/orders/{order_id}/verification"), {"document": document})


# -- billing addresses (BI9) -----------------------------------------------------------------

def addresses(organization_id):
    return base.get(SERVICE, _in(organization_id, "/billing-addresses"))


def add_address(organization_id, address):
    return base.post(SERVICE, _in(organization_id, "/billing-addresses"), address)


def update_address(organization_id, address_id, changes):
    return base.patch(SERVICE, _in(organization_id, f"/billing-addresses/{address_id}"), changes)


def remove_address(organization_id, address_id):
    return base.delete(SERVICE, _in(organization_id, f"/billing-addresses/{address_id}"))


def make_default_address(organization_id, address_id):
    return base.put(SERVICE, _in(organization_id, f"/billing-addresses/{address_id}/default"))


# -- invoices and credit notes (BI5, BI13, BI14) ---------------------------------------------

def invoices(organization_id, status=None, cursor=None):
    """{items, next_cursor}; BI13: someone without billing rights gets NotFound."""
    return base.get(SERVICE, _in(organization_id, "/invoices"),
                    **{k: v for k, v in {"status": status, "cursor": cursor}.items() if v})


def invoice(organization_id, invoice_id):
    """With its lines (VAT per line), totals, payments and credit notes."""
    return base.get(SERVICE, _in(organization_id, f"/invoices/{invoice_id}"))


def invoice_pdf(organization_id, invoice_id):
    """The PDF as billing serves it (a requests.Response); a draft is the PRO-FORMA."""
    return base.call(SERVICE, "GET", _in(organization_id, f"/invoices/{invoice_id}/pdf"), raw=True)


def credit_notes(organization_id):
    return base.get(SERVICE, _in(organization_id, "/credit-notes"))


def credit_note_pdf(organization_id, credit_note_id):
    return base.call(SERVICE, "GET", _in(organization_id, f"/credit-notes/{credit_note_id}/pdf"), raw=True)


# -- payment profiles and payments (BI7, BI8) ------------------------------------------------

def payment_profiles(organization_id):
    return base.get(SERVICE, _in(organization_id, "/payment-profiles"))


def add_payment_profile(organization_id, profile):
    return base.post(SERVICE, _in(organization_id, "/payment-profiles"), profile)


def remove_payment_profile(organization_id, profile_id):
    return base.delete(SERVICE, _in(organization_id, f"/payment-profiles/{profile_id}"))


def make_default_profile(organization_id, profile_id):
    return base.put(SERVICE, _in(organization_id, f"/payment-profiles/{profile_id}/default"))


def pay_invoice(organization_id, invoice_id, profile_id=None, prepaid_amount=None, return_url=None, key=None):
    """{status: succeeded | requires_action | failed, action_url?, invoice}: `prepaid_amount` (a
    Money dict) from the prepaid account, the rest with the profile; `return_url` is where the
    provider's 3-D Secure page sends the browser back."""
    body = {k: v for k, v in {"profile_id": profile_id, "prepaid_amount": prepaid_amount,
                              "return_url": return_url}.items() if v}
    return _create(_in(organization_id, f"/invoices/{invoice_id}/payments"), body, key)


def payment(organization_id, payment_id):
    return base.get(SERVICE, _in(organization_id, f"/payments/{payment_id}"))


# -- prepaid account (BI8) -------------------------------------------------------------------

def prepaid(organization_id, cursor=None):
    """The balance and a page of the ledger."""
    return base.get(SERVICE, _in(organization_id, "/prepaid"), **({"cursor": cursor} if cursor else {}))


def deposit(organization_id, amount, profile_id, key=None):
    """BI8: from 0.10 to 9,999.00 in the organization's currency; {status, action_url?, payment, balance}."""
    return _create(_in(organization_id, "/prepaid/deposits"), {"amount": amount, "profile_id": profile_id}, key)


def withdraw(organization_id, amount, iban, key=None):
    return _create(_in(organization_id, "/prepaid/withdrawals"), {"amount": amount, "iban": iban}, key)


# -- the partner's own business: rebilling (PX5) and its clients' billing data (PA9) --------
# Under /v1/partners/{partner_org_id}: billing asks orgs for `partner.manage` on the partner.

def _partner(partner_id, path=""):
    return f"/v1/partners/{partner_id}{path}"


def branding(partner_id):
    """{name, street, postal_code, city, country, vat_number, iban, qr_iban, currency, logo?}
    (NotFound before the first save); `logo` {content_type, data (base64)} when one was sent."""
    return base.get(SERVICE, _partner(partner_id, "/branding"))


def save_branding(partner_id, branding):
    """The whole branding; `logo` left out keeps the one billing has, {content_type, data} replaces it."""
    return base.put(SERVICE, _partner(partner_id, "/branding"), branding)


def markup_rules(partner_id):
    """[{id, client_organization_id?, family?, kind: percent|fixed, percent?, amount?, rounding,
    effective_from}]: the rules, the most specific winning for a line (PX5)."""
    answer = base.get(SERVICE, _partner(partner_id, "/markup-rules"))
    return answer["items"] if isinstance(answer, dict) else answer


def add_markup_rule(partner_id, rule, key=None):
    """Refused (rule PX5) when it would take effect in a month already invoiced for the client."""
    return _create(_partner(partner_id, "/markup-rules"), rule, key)


def remove_markup_rule(partner_id, rule_id):
    """Only before it takes effect."""
    return base.delete(SERVICE, _partner(partner_id, f"/markup-rules/{rule_id}"))


def branded_invoices(partner_id, client=None, month=None, cursor=None):
    """{items, next_cursor}, newest first; `month` YYYY-MM."""
    params = {k: v for k, v in {"client": client, "month": month, "cursor": cursor}.items() if v}
    return base.get(SERVICE, _partner(partner_id, "/branded-invoices"), **params)


def branded_invoice(partner_id, invoice_id):
    return base.get(SERVICE, _partner(partner_id, f"/branded-invoices/{invoice_id}"))


def branded_invoice_pdf(partner_id, invoice_id):
    """The PDF (with its QR-bill in CHF) as a requests.Response."""
    return base.call(SERVICE, "GET", _partner(partner_id, f"/branded-invoices/{invoice_id}/pdf"), raw=True)


def margins(partner_id, first, last, client=None):
    """Rows per client and month {client_organization_id, client_name, month, cost, resale,
    margin, invoices} for the months `first` to `last` (YYYY-MM), as invoiced at the time."""
    params = {"from": first, "to": last, **({"client": client} if client else {})}
    answer = base.get(SERVICE, _partner(partner_id, "/margins"), **params)
    return answer["items"] if isinstance(answer, dict) else answer


def client_billing_csv(partner_id, client_id, first, last):
    """PA9: the client's invoices and lines the partner may see, from `first` to `last`
    (YYYY-MM-DD), as CSV: a streamed requests.Response (iter_content)."""
    return base.call(SERVICE, "GET", _partner(partner_id, f"/clients/{client_id}/billing.csv"), raw=True,
                     stream=True, params={"from": first, "to": last})
