"""Billing: products, invoices, payments and prepaid accounts (BI1-BI14)."""
