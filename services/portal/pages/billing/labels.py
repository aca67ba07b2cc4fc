"""Names of billing's codes in the person's language: statuses, payment methods, ledger
movements and product types (a catalogue id such as "domain-ch" or "web-hosting")."""
from flask_babel import gettext

from services.common.i18n import N_

from . import bp

PRODUCT_STATUSES = {"active": N_("active"), "suspended": N_("suspended"), "terminated": N_("terminated"),
                    "cancelled": N_("cancelled")}
INVOICE_STATUSES = {"draft": N_("pro-forma"), "issued": N_("to pay"), "paid": N_("paid"), "void": N_("void"),
                    "credited": N_("credited")}
ORDER_STATUSES = {"cart": N_("cart"), "placed": N_("placed"), "held": N_("held for verification"),
                  "paid": N_("paid"), "cancelled": N_("cancelled")}
PAYMENT_STATUSES = {"pending": N_("pending"), "requires_action": N_("waiting for 3-D Secure"),
                    "succeeded": N_("succeeded"), "failed": N_("failed"), "refunded": N_("refunded")}
METHODS = {"card": N_("Card"), "postfinance": N_("PostFinance Card"), "paypal": N_("PayPal"), "twint": N_("TWINT"),
           "iban": N_("Bank transfer (IBAN)"), "prepaid": N_("Prepaid account")}
LEDGER = {"deposit": N_("Deposit"), "payment": N_("Payment of an invoice"), "withdrawal": N_("Withdrawal"),
          "refund": N_("Refund"), "credit": N_("Credit")}
FAMILIES = {"domain": N_("Domain names"), "hosting": N_("Web hosting"), "ksuite": N_("kSuite"), "kdrive": N_("kDrive"),
            "mail": N_("Mail service"), "cloud_server": N_("Cloud server"), "public_cloud": N_("Public cloud"),
            "swiss_backup": N_("Swiss Backup"), "nas": N_("NAS Synology"), "ssl": N_("SSL certificate"),
            "streaming": N_("Streaming"), "ticketing": N_("Ticketing")}
TYPES = {"web-hosting": N_("Web hosting"), "ksuite": N_("kSuite"), "kdrive": N_("kDrive"),
         "mail-service": N_("Mail service"), "cloud-server": N_("Cloud server"), "public-cloud": N_("Public cloud"),
         "swiss-backup": N_("Swiss Backup"), "nas-synology": N_("NAS Synology"),
         "ssl-certificate": N_("SSL certificate"), "streaming": N_("Streaming"), "ticketing": N_("Ticketing")}


def _name(table):
    return lambda code: gettext(table[code]) if code in table else (code or "")


def product_type_name(code, fallback=None):
    """"domain-ch" -> "Domain name .ch"; a type the portal does not know keeps the catalogue's name."""
    if code and code.startswith("domain-"):
        return gettext("Domain name %(extension)s", extension="." + code[len("domain-"):])
    return gettext(TYPES[code]) if code in TYPES else (fallback or code or "")


GLOBALS = {"product_status_name": _name(PRODUCT_STATUSES), "invoice_status_name": _name(INVOICE_STATUSES),
           "order_status_name": _name(ORDER_STATUSES), "payment_status_name": _name(PAYMENT_STATUSES),
           "method_name": _name(METHODS), "ledger_name": _name(LEDGER), "family_name": _name(FAMILIES),
           "product_type_name": product_type_name}
for _global, _function in GLOBALS.items():
    bp.add_app_template_global(_function, _global)
