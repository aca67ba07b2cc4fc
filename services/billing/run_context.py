"""What billing's scheduled runs need beyond their tables: the catalogue, the VAT rates, orgs'
client (whom to mail) and the payments' charge. A run's `apply(item, now)` takes no config, so
the worker's composition root calls `configure(config)` once per process; the operator CLI
gets the same from its environment the first time a run asks (`current()`); tests configure
their own."""
from dataclasses import dataclass
from typing import Callable


@dataclass
class RunContext:
    config: dict  # FAILPOINTS among others (services/common/faults.py)
    catalogue: object  # catalogue.Catalogue
    vat_rates: dict
    orgs_client: object  # a ServiceClient for orgs (contacts.billing_contacts)
    charge_invoice: Callable  # (invoice, profile) -> "succeeded" | "failed"


_current = None


def charge_with_payments(invoice, profile):
    """Charge `profile` (a PaymentProfile) for `invoice`, through the payments module (issue 10,
    item 5): "succeeded" once the invoice is paid (payments records the Payment, issues a
    pro-forma and marks it paid), "failed" otherwise. Imported when first used, so that the
    runs do not tie the payments module's import order to theirs."""
    from . import payments

    return payments.charge_invoice(invoice, profile)


def configure(config, orgs_client=None, charge_invoice=None):
    global _current
    from .app import ORGS_SCOPES, load_catalogue
    from services.common.client import ServiceClient

    _current = RunContext(config=config, catalogue=load_catalogue(config), vat_rates=config["VAT_RATES"],
                          orgs_client=orgs_client or ServiceClient(config, "orgs", ORGS_SCOPES),
                          charge_invoice=charge_invoice or charge_with_payments)
    return _current


def current():
    if _current is None:
        from .app import make_config

        configure(make_config())
    return _current
