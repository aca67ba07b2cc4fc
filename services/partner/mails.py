"""The mails partner sends, in the reader's language (services.common.i18n). English is the
source; translations/<lang>.po hold the rest.

A mail is composed by a function `compose(language, **values) -> (subject, text)`; `mail_people`
records it, inside the use case's transaction, once per person in that person's language.
Whom to write to is asked of orgs before the transaction (services.common.contacts:
`legal_representatives(orgs_client, organization_id)`)."""
from datetime import timezone
from pathlib import Path

from services.common import i18n

ROOTS = [Path(__file__).resolve().parent]


def mail_people(messages, people, compose, **values):
    """Record `compose`'s mail to each of `people` (orgs' contacts: dicts with email and language),
    each in their own language; call it inside the use case's transaction (mail after commit)."""
    for person in people:
        subject, text = compose(person.get("language"), **values)
        messages.mail(person["email"], subject, text)


def translator(language):
    return i18n.Translator(ROOTS, language)


def when(value, language):
    """A stored instant (naive UTC) as the reader reads dates (Zurich time, the provider's)."""
    aware = value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value
    return i18n.format_datetime(aware, i18n.formatting_locale(translator(language).language))
