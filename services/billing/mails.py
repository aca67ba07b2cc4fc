"""The mails billing sends about orders and products, in the reader's language
(services.common.i18n). English is the source; translations/<lang>.po hold the rest."""
from datetime import timezone
from pathlib import Path

from services.common import i18n

ROOTS = [Path(__file__).resolve().parent]


def product_cancelled(language, organization_name, product_name, product_type, expires_on, cancelled_at):
    """BI12: (subject, text) of the mail the organization's other administrators get."""
    _ = i18n.Translator(ROOTS, language)
    locale = i18n.formatting_locale(_.language)
    names = {"product": product_name, "organization": organization_name}
    subject = _("%(product)s of %(organization)s was cancelled", **names)
    text = "\n\n".join([
        _("On %(date)s (Zurich time), %(product)s (%(type)s) of %(organization)s was cancelled.",
          date=i18n.format_datetime(cancelled_at.replace(tzinfo=timezone.utc), locale), type=product_type, **names),
        _("It will not be renewed; it was paid until %(expiry)s.", expiry=i18n.format_date(expires_on, locale)),
        _("Invoices already issued for it remain due."),
    ]) + "\n"
    return subject, text
