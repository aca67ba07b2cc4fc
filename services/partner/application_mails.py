"""PA1's mails: to the applicant organization's legal representatives in their language (submitted,
approved, rejected), and to the provider's staff on each submission (English, their working language)."""
from .mails import translator, when


def submitted(language, legal_name, submitted_at):
    _ = translator(language)
    subject = _("Your application to the partner programme: %(name)s", name=legal_name)
    text = "\n\n".join([
        _("On %(date)s (Zurich time), %(name)s applied to the partner programme.", name=legal_name,
          date=when(submitted_at, _.language)),
        _("Our staff review every application; you will get a mail when it is decided."),
    ]) + "\n"
    return subject, text


def approved(language, legal_name, approved_at):
    _ = translator(language)
    subject = _("%(name)s is now a partner", name=legal_name)
    text = "\n\n".join([
        _("On %(date)s (Zurich time), the application of %(name)s to the partner programme was approved.",
          name=legal_name, date=when(approved_at, _.language)),
        _("Your legal representatives can now add clients in the portal."),
    ]) + "\n"
    return subject, text


def rejected(language, legal_name, rejected_at, reason):
    _ = translator(language)
    subject = _("Your application to the partner programme was not accepted")
    text = "\n\n".join([
        _("On %(date)s (Zurich time), the application of %(name)s to the partner programme was not accepted.",
          name=legal_name, date=when(rejected_at, _.language)),
        _("The reason given: %(reason)s", reason=reason),
        _("You may apply again once the reason is addressed."),
    ]) + "\n"
    return subject, text


def for_staff(application):
    """The mail to STAFF_EMAIL: what to review (PA1), with the website check's answer."""
    website = ("reachable" if application.website_reachable else "NOT reachable") + \
        f" ({application.website_status})"
    lines = [
        f"{application.legal_name} applied to the partner programme.",
        f"Register: {application.register_country} {application.register_number} ({application.register_kind})"
        + (" - foreign number: check it by hand" if application.manual_review else ""),
        f"Website: {application.website} - {website}",
        f"Conditions {application.conditions_version} accepted at {application.conditions_accepted_at:%Y-%m-%d %H:%M} UTC",
        f"Review: python -m services.partner applications approve|reject {application.id}",
    ]
    return f"Partner application to review: {application.legal_name}", "\n".join(lines) + "\n"
