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


def elevation_requested(language, organization_name, requester, product_id, hours, reason, approved_until=None):
    """PX3: (subject, text) for the client's managers: a partner user asks for technical rights on
    a product; `approved_until` set when the product was pre-approved (approved at once)."""
    _ = i18n.Translator(ROOTS, language)
    subject = _("Elevation request in %(organization)s", organization=organization_name)
    lines = [_("%(requester)s, of one of your partners, asks for technical rights on product %(product)s for "
               "%(hours)s hours.", requester=requester, product=product_id, hours=hours),
             _("Reason: %(reason)s", reason=reason)]
    if approved_until is not None:
        lines.append(_("The product is pre-approved: the elevation is approved until %(date)s (Zurich time).",
                       date=_when(approved_until, _.language)))
    else:
        lines.append(_("Approve or decline it in the portal, under your partners."))
    return subject, "\n\n".join(lines) + "\n"


def elevation_decided(language, organization_name, product_id, approved, expires_at):
    """PX3: (subject, text) for the partner user who asked, once a client manager decided."""
    _ = i18n.Translator(ROOTS, language)
    names = {"organization": organization_name, "product": product_id}
    if approved:
        subject = _("Elevation approved in %(organization)s", **names)
        text = _("Your technical rights on product %(product)s in %(organization)s are approved until %(date)s "
                 "(Zurich time).", date=_when(expires_at, _.language), **names)
    else:
        subject = _("Elevation declined in %(organization)s", **names)
        text = _("Your request for technical rights on product %(product)s in %(organization)s was declined.",
                 **names)
    return subject, text + "\n"
