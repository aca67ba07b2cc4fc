"""What happens when an invoice is fully paid (the orders side writes the real one: start the
order's products, renew the renewed ones). Called by payments inside the paying transaction,
after the invoice is marked paid and billing.invoice.paid is emitted."""


def invoice_paid(invoice):
    """A placeholder hook: payments calls it; the orders helper replaces this module."""
    return None
