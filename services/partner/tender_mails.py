"""The mails of calls for tenders (PA13), each in its reader's language (a visitor: the tender's
language); recorded inside the use case's transaction (mail after commit). Links point to the
portal's pages (SERVICE_URLS["portal"]). English is the source; translations/<lang>.po the rest."""
from . import mails
from .models import messages


def _verify(language, title, url):
    _ = mails.translator(language)
    subject = _("Confirm your call for tenders \"%(title)s\"", title=title)
    text = "\n\n".join([
        _("Please confirm your call for tenders \"%(title)s\" by opening this link within 48 hours:", title=title),
        url,
        _("If you did not post it, ignore this mail: nothing is published without confirmation."),
    ]) + "\n"
    return subject, text


def _key(language, title, url):
    _ = mails.translator(language)
    subject = _("Your call for tenders \"%(title)s\" is open", title=title)
    text = "\n\n".join([
        _("Your call for tenders \"%(title)s\" was sent to the matching partners. Follow their answers, accept "
          "one or withdraw the call with this personal link; keep it to yourself:", title=title),
        url,
    ]) + "\n"
    return subject, text


def _delivered(language, title, url):
    _ = mails.translator(language)
    subject = _("A new call for tenders for you: \"%(title)s\"", title=title)
    text = "\n\n".join([_("A call for tenders matching your profile was posted: \"%(title)s\".", title=title),
                        _("Read it and answer in the portal:"), url]) + "\n"
    return subject, text


def _awarded(language, title, url):
    _ = mails.translator(language)
    subject = _("You won the call for tenders \"%(title)s\"", title=title)
    text = "\n\n".join([
        _("The poster accepted your answer to \"%(title)s\". Confirm the link request in the portal; by "
          "confirming you commit to using only the provider's products for this contract (PA13).", title=title),
        url]) + "\n"
    return subject, text


def _not_awarded(language, title):
    _ = mails.translator(language)
    subject = _("The call for tenders \"%(title)s\" was awarded", title=title)
    return subject, _("The poster of \"%(title)s\" accepted another partner's answer. Thank you for yours.",
                      title=title) + "\n"


def verify(tender, url):
    mails.mail_people(messages, [_poster(tender)], _verify, title=tender.title, url=url)


def poster_key(tender, url):
    mails.mail_people(messages, [_poster(tender)], _key, title=tender.title, url=url)


def delivered(people, tender, url):
    mails.mail_people(messages, people, _delivered, title=tender.title, url=url)


def awarded(people, tender, url):
    mails.mail_people(messages, people, _awarded, title=tender.title, url=url)


def not_awarded(people, tender):
    mails.mail_people(messages, people, _not_awarded, title=tender.title)


def _poster(tender):
    return {"email": tender.poster_email, "language": tender.language}
