"""PA13's matching: which partners a call for tenders goes to. A partner receives a tender when it
is approved (Partner.status "approved"), its profile opted in to tenders, it serves the tender's
region (its `regions_served`, or its own region when it named none; a country code serves every
region of that country: reach.serves), it speaks the tender's language and it has the tender's
speciality. `matches` is the rule as plain Python; `matching_partners` applies it to the rows."""
from . import reach
from .models import Partner, Profile


def matches(profile, partner_status, tender):
    """True when the partner of `profile` (its Partner.status) receives `tender` (PA13)."""
    return (partner_status == "approved" and bool(profile.tenders_opt_in)
            and reach.serves(profile.regions_served or [profile.region], tender.region)
            and tender.language in (profile.languages or [])
            and tender.speciality in (profile.specialities or []))


def matching_partners(tender):
    """The organization ids of the partners receiving `tender`, in a stable order. The database
    narrows to approved, opted-in profiles; the JSON lists are decided here, the same way on SQLite
    and PostgreSQL."""
    candidates = (Profile.select(Profile, Partner.status.alias("partner_status"))
                  .join(Partner, on=(Partner.organization_id == Profile.organization_id))
                  .where((Partner.status == "approved") & (Profile.tenders_opt_in == True))  # noqa: E712
                  .order_by(Profile.organization_id).objects())
    return [profile.organization_id for profile in candidates if matches(profile, profile.partner_status, tender)]
