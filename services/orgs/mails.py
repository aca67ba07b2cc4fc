"""The mails orgs sends, written in the reader's language (services.common.i18n).

English is the source; translations/<lang>.po hold the rest. Dates are shown in the reader's
locale and in Zurich time, the provider's.
"""
from datetime import timezone
from pathlib import Path

from services.common import i18n
from services.common.i18n import N_

from .domain import ADMINISTRATOR, COLLABORATOR, LEGAL_REPRESENTATIVE

ROOTS = [Path(__file__).resolve().parent]
ROLE_LABELS = {LEGAL_REPRESENTATIVE: N_("legal representative"), ADMINISTRATOR: N_("administrator"),
               COLLABORATOR: N_("collaborator")}
ROLE_RIGHTS = {
    LEGAL_REPRESENTATIVE: N_("You can manage everything, including appointing legal representatives and "
                             "deleting the organization."),
    ADMINISTRATOR: N_("You can manage members, teams and every product."),
    COLLABORATOR: N_("You reach the products granted to you, directly or through your teams."),
}


def _when(value, language):
    """A stored instant (naive UTC) as the reader reads dates."""
    aware = value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value
    return i18n.format_datetime(aware, i18n.formatting_locale(language))


def invitation(language, organization_name, role, link, expires_at, has_account, reminder=False, partner=None):
    """OR4: (subject, text) of an invitation, or of its reminder; `link` leads to the portal
    for an existing account, to identity's sign-up otherwise. `partner`: the partner that
    created the organization for the reader (PA4)."""
    _ = i18n.Translator(ROOTS, language)
    names = {"organization": organization_name}
    subject = (_("Reminder: you are invited to join %(organization)s", **names) if reminder
               else _("You are invited to join %(organization)s", **names))
    action = (_("Log in and accept the invitation here: %(link)s", link=link) if has_account
              else _("Create your account here to join: %(link)s", link=link))
    created = [_("Your partner %(partner)s created the organization %(organization)s for you; it is yours once "
                 "you accept.", partner=partner, **names)] if partner else []
    text = "\n\n".join(created + [
        _("You are invited to join %(organization)s as %(role)s.", role=_(ROLE_LABELS[role]), **names),
        action,
        _("The invitation expires on %(date)s (Zurich time).", date=_when(expires_at, _.language)),
    ]) + "\n"
    return subject, text


def role_change_summary(language, organization_name, old_role, new_role, changed_at):
    """OR9: (subject, text) of the mail a member gets when their role changes."""
    _ = i18n.Translator(ROOTS, language)
    subject = _("Your role in %(organization)s changed", organization=organization_name)
    text = "\n\n".join([
        _("On %(date)s (Zurich time), your role in %(organization)s changed from %(old)s to %(new)s.",
          date=_when(changed_at, _.language), organization=organization_name,
          old=_(ROLE_LABELS[old_role]), new=_(ROLE_LABELS[new_role])),
        _(ROLE_RIGHTS[new_role]),
    ]) + "\n"
    return subject, text
