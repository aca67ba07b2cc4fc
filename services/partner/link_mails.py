"""The mails of links (PA4, PA5, PA8, PA10, PX1), each in its reader's language; recorded inside
the use case's transaction through mails.mail_people (mail after commit). English is the
source; translations/<lang>.po hold the rest."""
from services.common.i18n import N_

from . import mails
from .models import messages

EVENTS = {
    "scope_changed": N_("%(client)s changed the access it grants you."),
    "payer_changed": N_("%(client)s changed who pays its invoices."),
    "end_changed": N_("%(client)s changed the end date of your link."),
}


def _limited(_, products):
    return _.ngettext("limited access to %(num)s product", "limited access to %(num)s products", len(products or {}))


def _describe(_, link):
    if link.scope == "full":
        scope = _("full access, billing entrusted") if link.billing else _("full access")
    else:
        scope = _limited(_, link.products)
    payer = _("the partner pays") if link.payer == "partner" else _("the client pays")
    end = (_("until %(date)s", date=mails.when(link.ends_at, _.language)) if link.ends_at
           else _("no end date"))
    return _("Access: %(scope)s; %(payer)s; %(end)s.", scope=scope, payer=payer, end=end)


def _requested(language, partner, client, link):
    _ = mails.translator(language)
    subject = _("%(partner)s asks to manage %(client)s", partner=partner, client=client)
    asked = link.requested
    scope = _("full access") if asked["scope"] == "full" else _limited(_, asked["products"])
    text = "\n\n".join([
        _("%(partner)s, a partner of the provider, asks for %(scope)s to %(client)s.",
          partner=partner, scope=scope, client=client),
        _("A legal representative of %(client)s can approve it, with this access or another, or decline it "
          "in the portal until %(date)s.", client=client, date=mails.when(link.request_expires_at, _.language)),
    ]) + "\n"
    return subject, text


def _approved(language, client, link):
    _ = mails.translator(language)
    subject = _("%(client)s authorized you as its partner", client=client)
    return subject, _describe(_, link) + "\n"


def _declined(language, client):
    _ = mails.translator(language)
    subject = _("%(client)s declined your request", client=client)
    return subject, _("%(client)s declined your request to manage it.", client=client) + "\n"


def _changed(language, client, link, event):
    _ = mails.translator(language)
    subject = _("Your link with %(client)s changed", client=client)
    return subject, _(EVENTS[event], client=client) + "\n\n" + _describe(_, link) + "\n"


def _stopped(language, partner, client, side):
    _ = mails.translator(language)
    subject = _("The link between %(partner)s and %(client)s was stopped", partner=partner, client=client)
    who = partner if side == "partner" else client
    text = _("%(who)s stopped the link between %(partner)s and %(client)s. %(partner)s no longer has access "
             "to %(client)s; future invoices go to %(client)s.", who=who, partner=partner, client=client)
    return subject, text + "\n"


def _ending(language, partner, client, link, days):
    _ = mails.translator(language)
    date = mails.when(link.ends_at, _.language)
    subject = _("The link between %(partner)s and %(client)s ends on %(date)s", partner=partner, client=client,
                date=date)
    then = (_("It will be extended by 180 days automatically.") if link.auto_extend
            else _("%(partner)s's access to %(client)s ends then, unless %(client)s sets a later end date.",
                   partner=partner, client=client))
    return subject, _("In %(days)s days, on %(date)s, the link between %(partner)s and %(client)s reaches its "
                      "end date.", days=days, date=date, partner=partner, client=client) + "\n\n" + then + "\n"


def _ended(language, partner, client):
    _ = mails.translator(language)
    subject = _("The link between %(partner)s and %(client)s ended", partner=partner, client=client)
    return subject, _("The link between %(partner)s and %(client)s reached its end date: %(partner)s no longer "
                      "has access to %(client)s.", partner=partner, client=client) + "\n"


def requested(people, partner, client, link):
    mails.mail_people(messages, people, _requested, partner=partner, client=client, link=link)


def approved(people, client, link):
    mails.mail_people(messages, people, _approved, client=client, link=link)


def declined(people, client, link):
    mails.mail_people(messages, people, _declined, client=client)


def changed(people, client, link, event):
    mails.mail_people(messages, people, _changed, client=client, link=link, event=event)


def stopped(people, partner, client, side):
    mails.mail_people(messages, people, _stopped, partner=partner, client=client, side=side)


def ending(people, partner, client, link, days):
    mails.mail_people(messages, people, _ending, partner=partner, client=client, link=link, days=days)


def ended(people, partner, client, link):
    mails.mail_people(messages, people, _ended, partner=partner, client=client)
