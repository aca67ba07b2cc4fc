"""The words of identity's mails and text messages, in the account's language (i18n.Translator,
at the moment the message is recorded). Each function returns what `credentials.mail` takes
after the recipient, (subject, text), or the text of an SMS."""
from pathlib import Path

from services.common.i18n import Translator

ROOTS = (Path(__file__).parent,)


def translator(account):
    return Translator(ROOTS, getattr(account, "language", None))


def _letter(_, account, *paragraphs):
    return "\n\n".join([_("Hello %(name)s,", name=account.first_name), *paragraphs]) + "\n"


def verification(account, address, url):
    """ID2 (and a change of login email): the single-use link confirming `address`."""
    _ = translator(account)
    return _("Confirm your email address"), _letter(
        _, account, _("confirm that %(email)s is your address by opening this link within 24 hours:", email=address),
        url, _("If you did not ask for this, ignore this message."))


def login_email_changed(account, new_email):
    _ = translator(account)
    return _("Your Partner Portal login email changed"), _letter(
        _, account, _("the login email of your Partner Portal account changed from %(old)s to %(new)s. From now on, "
                      "sign in with the new address.", old=account.email, new=new_email),
        _("If you did not ask for this, someone may have access to your account: reset your password from the "
          "recovery email, or ask our support for an identity check."))


def password_reset(account, url):
    """ID4: the 1-hour reset link."""
    _ = translator(account)
    return _("Reset your password"), _letter(
        _, account, _("someone asked to reset the password of the Partner Portal login %(email)s. Choose a new one "
                      "within an hour with this link:", email=account.email),
        url, _("If it was not you, ignore this message."))


def new_sign_in(account, new_device, when, network, browser):
    """ID8: a login from a device or network not seen before."""
    _ = translator(account)
    what = _("your account was just signed in to from a new device:") if new_device else \
        _("your account was just signed in to from a new location:")
    details = "\n".join([_("  time: %(time)s UTC", time=when), _("  network: %(network)s", network=network),
                         _("  browser: %(browser)s", browser=browser or _("unknown"))])
    return _("New sign-in to your Partner Portal account"), _letter(
        _, account, what, details, _("If this was you, there is nothing to do. If not, change your password now "
                                     "and review your sessions."))


def two_factor_case_opened(account, reference):
    """ID7: someone with the password asked staff to turn 2FA off."""
    _ = translator(account)
    return _("Two-factor authentication: identity check requested"), _letter(
        _, account, _("someone who knows your password asked to turn off two-factor authentication on your Partner "
                      "Portal account, because the authenticator and the backup codes are lost. Our staff will "
                      "check the requester's identity before anything changes (reference %(reference)s).",
                      reference=reference),
        _("If this was not you, change your password now: your password is known to someone else."))


def two_factor_turned_off(account, reference):
    _ = translator(account)
    return _("Two-factor authentication was turned off"), _letter(
        _, account, _("after checking your identity (reference %(reference)s), our staff turned off two-factor "
                      "authentication on your Partner Portal account and signed out every session. Sign in with "
                      "your password, then turn two-factor authentication on again.", reference=reference))


def two_factor_stays_on(account, reference):
    _ = translator(account)
    return _("Two-factor authentication stays on"), _letter(
        _, account, _("the request to turn off two-factor authentication on your Partner Portal account (reference "
                      "%(reference)s) was refused: the requester's identity could not be confirmed. Nothing "
                      "changed.", reference=reference))


def login_email_text(account, emails):
    """ID5: the SMS naming the login(s) of a mobile number."""
    _ = translator(account)
    return _("Partner Portal: the login for this number is %(emails)s.", emails=emails)


def login_email_after_check(account, reference):
    _ = translator(account)
    return _("Partner Portal: after checking your identity (reference %(reference)s), your login is %(email)s.",
             reference=reference, email=account.email)
