"""Every rule id a service may name in a problem, as a sentence in the person's language.
The page shows "OR7: Appoint another legal representative first." next to what failed;
later capabilities add their rules here (PA, PX)."""
from services.common.i18n import N_

SENTENCES = {
    "ID1": N_("Choose a password of your own for this site: see why next to the field."),
    "ID2": N_("Verify your email address first: use the link we mailed you."),
    "ID3": N_("Sign-up creates your own organization, or joins the one that invited you."),
    "ID4": N_("Enter your current password to change your recovery email."),
    "ID5": N_("Enter your current password to change your mobile number."),
    "ID6": N_("That code is not valid. Use a current code from your app or an unused backup code."),
    "ID7": N_("To turn off two-step verification, sign in with it in this session and enter your password."),
    "ID10": N_("Too many attempts. Wait a moment and try again."),
    "ID11": N_("You are not a member of that organization."),
    "ID12": N_("This app may not do that with your account."),
    "OR1": N_("Check the organization's name, kind, currency and logo."),
    "OR2": N_("You can create another organization; you become its legal representative."),
    "OR3": N_("Choose legal representative, administrator or collaborator."),
    "OR4": N_("Only administrators and legal representatives can add or change users."),
    "OR5": N_("Only a legal representative can appoint a legal representative."),
    "OR6": N_("Collaborators only reach the products granted to them."),
    "OR7": N_("Appoint another legal representative first."),
    "OR8": N_("You cannot leave: you are the last legal representative, or your membership is bound to a product."),
    "OR9": N_("The member is told about their new role by email."),
    "OR10": N_("Collaborators cannot change the organization's details."),
    "OR11": N_("Check the team: its name must be unique and its members part of the organization."),
    "OR12": N_("Support access is given per content type and ends by itself after 7 days."),
    "OR13": N_("The organization cannot be deleted yet: cancel its products, empty its prepaid account and pay "
               "its invoices first."),
    "OR14": N_("You do not have access to that."),
    "BI1": N_("Check the product: its type must be in the catalogue and its name fit the type (a domain name "
              "ends with the type's extension)."),
    "BI2": N_("Choose a period the product is sold by, and no more periods than it can be paid ahead."),
    "BI3": N_("Automatic renewal needs a Visa or MasterCard card as the default payment method and cannot be "
              "switched on within 14 days of expiry: renew manually first."),
    "BI4": N_("The renewal warranty is not available for this product type (NAS Synology)."),
    "BI5": N_("An issued invoice cannot be changed; corrections are made by credit notes."),
    "BI6": N_("This product is suspended or terminated because an invoice is overdue: pay the invoice first."),
    "BI7": N_("This payment method cannot pay here: PostFinance Card pays only in CHF, and a profile must be "
              "valid."),
    "BI8": N_("A deposit is between 0.10 and 9,999.00, and the prepaid account cannot pay more than its balance."),
    "BI9": N_("Choose one of the organization's billing addresses."),
    "BI10": N_("Vouchers go next to their own product; a promotion code comes at the end of the order and must "
               "still be valid."),
    "BI11": N_("This order waits for its verification; without it, it is cancelled and refunded after 10 days."),
    "BI12": N_("Confirm that you want to cancel the product."),
    "BI13": N_("Only members with billing rights see and pay invoices."),
    "BI14": N_("Amounts are exact, in the invoice's one currency: check the amount and its currency."),
    "PA1": N_("Only a company can apply, once at a time: check the register number (Swiss UID or French SIRET), "
              "the https website, and accept the reseller conditions."),
    "PA3": N_("An organization cannot be both a partner and an affiliate: a partner, or a company applying to "
              "become one, cannot join the affiliate programme, and an affiliate cannot become a partner."),
    "PA4": N_("Only an approved partner's legal representatives can add clients; a pending request can be resent "
              "or withdrawn and expires after 30 days."),
    "PA5": N_("Only the client's legal representative can authorize a partner; limited access needs at least one "
              "product with technical or statistics rights, and billing can be entrusted only with full access."),
    "PA7": N_("Only the partner's administrators assign staff, to members of the partner and within what the "
              "client granted."),
    "PA8": N_("The partner can pay only with full access; with limited access the client pays."),
    "PA10": N_("Stopping a partner link needs your password: check it and start again if the confirmation "
               "expired."),
    "PX1": N_("An end date is between 1 day and 2 years from now."),
    "PX3": N_("An elevation is asked for one product in scope, for 1 to 8 hours, with a reason, while the link "
              "is active."),
    # portal-client (issue 11): the partner programme's rules its pages show, beside portal-partner's
    "PA6": N_("A partner sees and acts only within the access the client granted."),
    "PX2": N_("The activity feed shows only what partner staff did through a link, to the organization's "
              "administrators."),
    # portal-money (issue 12): partner money
    "PA2": N_("Partner benefits need a managed volume of at least CHF 2,000 (EUR 1,800) a year; below it they "
              "continue for a 90-day grace period."),
    "PA11": N_("Cashback and partner discounts follow the rate card and the access each client granted."),
    "PA12": N_("Only an approved partner has a directory profile; a logo is a PNG or JPEG image of at most 200 kB."),
    "PX6": N_("A webhook address must be https on the public internet (no loopback, private or link-local "
              "address), for your own events only."),
    # portal-rebill (issue 12): the partner's own business
    "PA9": N_("You can export the billing data of your own clients only, for a period whose end comes after its "
              "start."),
    "PX5": N_("Rebilling: a branding in CHF needs an IBAN or a QR-IBAN, a logo is a PNG or JPEG image of at most "
              "200 kB; a markup rule cannot take effect in a month already invoiced for its client and is "
              "removed only before it takes effect."),
    # affiliate-pages (issue 13): the affiliate programme
    "PA15": N_("Affiliates earn a commission on the paid invoices of the organizations they referred, for 365 "
               "days after the referral; it is paid monthly once it reaches 50 in their currency."),
    # portal-tenders (issue 13): calls for tenders
    "PA13": N_("A call for tenders goes only to the partners that opted in and match its region, language and "
               "speciality; the partner that wins it confirms that the contract uses only the provider's products."),
}


def sentence(rule, gettext):
    """'OR7: Appoint another legal representative first.' in the person's language."""
    text = SENTENCES.get(rule)
    return f"{rule}: {gettext(text)}" if text else rule
