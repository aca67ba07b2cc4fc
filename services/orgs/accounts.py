"""Orgs' projection of identity's accounts (AccountProfile): names for the members list and
the language of orgs' mails. Filled by the events, in the consumer's transaction."""
from datetime import datetime, timezone

from services.common import i18n

from .models import AccountProfile, Membership


def _naive_utc(occurred_at):
    instant = datetime.fromisoformat(occurred_at) if isinstance(occurred_at, str) else occurred_at
    return instant.astimezone(timezone.utc).replace(tzinfo=None) if instant.tzinfo else instant


def record_profile(account_id, first_name, last_name, language, occurred_at):
    """Keep what identity said at `occurred_at`, unless a later event said something already:
    events may arrive out of order, and a redelivered copy changes nothing."""
    as_of = _naive_utc(occurred_at)
    values = {"first_name": first_name, "last_name": last_name, "language": i18n.language_of(language),
              "as_of": as_of}
    updated = (AccountProfile.update(**values)
               .where((AccountProfile.account_id == account_id) & (AccountProfile.as_of <= as_of)).execute())
    if not updated:
        AccountProfile.insert(account_id=account_id, **values).on_conflict_ignore().execute()


def profiles(account_ids):
    """{account_id (str): AccountProfile} of those orgs knows."""
    ids = [str(a) for a in account_ids]
    return {str(p.account_id): p for p in AccountProfile.select().where(AccountProfile.account_id.in_(ids))} if ids else {}


def with_profiles(memberships):
    """Sets `profile` (AccountProfile or None) on each membership, in one query."""
    memberships = list(memberships)
    known = profiles(m.account_id for m in memberships)
    for membership in memberships:
        membership.profile = known.get(str(membership.account_id))
    return memberships


def language_of(account_id):
    """The language of an account's mails: its own, else None (the caller decides)."""
    profile = AccountProfile.get_or_none(AccountProfile.account_id == account_id)
    return profile.language if profile else None


def language_of_address(email):
    """The language of the account behind an address a membership records, else None."""
    accounts = Membership.select(Membership.account_id).where(Membership.email == email)
    profile = AccountProfile.select().where(AccountProfile.account_id.in_(accounts)).order_by(
        AccountProfile.as_of.desc()).first()
    return profile.language if profile else None
