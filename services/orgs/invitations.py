"""Invitations (OR4): invite by email with role and rights, resend, withdraw, accept, decline,
and sign-up through an invitation (ID3).

Orgs has no accounts table: an address is "known" when a membership records it (from the
sign-up event or an earlier invitation). A known address gets a link to the portal to
accept; any other a sign-up link on identity carrying the token.
"""
from services.common.errors import Conflict, NotFound
from services.common.i18n import N_
from services.common import i18n
from services.common.clock import utcnow

from . import accounts, audit, domain, guard, mails
from .models import Invitation, Membership, Organization, db, messages, outbox

RIGHTS = ("role", "external", "billing_rights")


def _invitation_mail(invitation, organization, urls, reminder=False, partner=None):
    """OR4: in the language of the account behind the address, else the one chosen when inviting."""
    known = Membership.select().where(Membership.email == invitation.email).exists()
    if known:
        link = f"{urls['portal']}/invitations/{invitation.token}"
    else:
        link = f"{urls['identity']}/signup?invitation={invitation.token}"
    language = accounts.language_of_address(invitation.email) or invitation.language
    return mails.invitation(language, organization.name, invitation.role, link, invitation.expires_at, known,
                            reminder, partner=partner)


def send(invitation, organization, urls, reminder=False, partner=None):
    """Record the invitation's mail (sent after commit); `partner` names who created the
    organization for the invited legal representative (PA4)."""
    messages.mail(invitation.email, *_invitation_mail(invitation, organization, urls, reminder, partner))


def list_invitations(organization_id, actor_id):
    guard.authorize(organization_id, actor_id, "invitations.manage")
    return [_with_state(i) for i in Invitation.select().where(Invitation.organization == organization_id)
            .order_by(Invitation.created_at)]


def _with_state(invitation, now=None):
    invitation.state = domain.invitation_state(invitation.status, invitation.expires_at, now or utcnow())
    return invitation


def invite(organization_id, actor_id, body, urls):
    """OR4: role, products, billing rights and contact preferences are set when inviting; OR5 holds."""
    actor = guard.authorize(organization_id, actor_id, "invitations.manage", body["email"])
    domain.ensure_may_assign_role(actor.role, body["role"])
    email = body["email"].lower()
    with db.atomic():
        if Membership.select().where((Membership.organization == organization_id) & (Membership.email == email)).exists():
            raise Conflict(N_("This address already belongs to a member of the organization."))
        now = utcnow()
        pending = Invitation.select().where((Invitation.organization == organization_id) & (Invitation.email == email)
                                            & (Invitation.status == "pending") & (Invitation.expires_at > now))
        if pending.exists():
            raise Conflict(N_("This address already has a pending invitation: resend or withdraw it."))
        invitation = Invitation.create(
            organization=organization_id, email=email, invited_by=actor_id, expires_at=domain.invitation_expiry(now),
            product_ids=[str(p) for p in body.get("product_ids") or []],
            # The mail's language for an address orgs knows no account of: chosen, else the inviter's.
            language=body.get("language") or accounts.language_of(actor_id) or i18n.DEFAULT_LANGUAGE,
            contact_preferences=body.get("contact_preferences"), **{k: body[k] for k in RIGHTS})
        audit.record(organization_id, actor_id, "invitation.create", invitation.id, detail=email)
        send(invitation, actor.organization, urls)
    return _with_state(invitation)


def _managed(organization_id, actor_id, invitation_id, action):
    actor = guard.authorize(organization_id, actor_id, "invitations.manage", invitation_id)
    invitation = Invitation.get_or_none((Invitation.id == invitation_id) & (Invitation.organization == organization_id))
    if invitation is None:
        raise NotFound(N_("No such invitation."))
    if invitation.status not in ("pending", "expired"):  # expired: marked so by the daily run
        raise Conflict(domain.INVITATION_CLOSED.get(invitation.status, N_("This invitation is closed.")))
    return actor, invitation


def resend(organization_id, actor_id, invitation_id, urls):
    """OR4: a fresh expiry and a reminder mail, also for an invitation that expired unanswered."""
    actor, invitation = _managed(organization_id, actor_id, invitation_id, "resent")
    with db.atomic():
        invitation.status, invitation.expires_at = "pending", domain.invitation_expiry(utcnow())
        invitation.save()
        audit.record(organization_id, actor_id, "invitation.resend", invitation.id)
        send(invitation, actor.organization, urls, reminder=True)
    return _with_state(invitation)


def withdraw(organization_id, actor_id, invitation_id):
    _actor, invitation = _managed(organization_id, actor_id, invitation_id, "withdrawn")
    with db.atomic():
        invitation.status, invitation.answered_at = "withdrawn", utcnow()
        invitation.save()
        audit.record(organization_id, actor_id, "invitation.withdraw", invitation.id)


def _addressed_to(token, account_id):
    """The invitation when it was sent to an address recorded for this account; else 404,
    so a token that is not yours tells you nothing."""
    invitation = Invitation.get_or_none(Invitation.token == token)
    emails = {m.email for m in Membership.select(Membership.email).where(Membership.account_id == account_id)}
    if invitation is None or invitation.email not in emails:
        raise NotFound(N_("No such invitation for this account."))
    domain.ensure_invitation_open(invitation.status, invitation.expires_at, utcnow())
    return invitation


def _join(invitation, account_id, email):
    if Membership.select().where((Membership.organization == invitation.organization_id)
                                 & (Membership.account_id == account_id)).exists():
        raise Conflict(N_("You are already a member of this organization."))
    membership = Membership.create(
        organization=invitation.organization_id, account_id=account_id, email=email,
        product_ids=invitation.product_ids, contact_preferences=invitation.contact_preferences,
        **{k: getattr(invitation, k) for k in RIGHTS})
    invitation.status, invitation.answered_at, invitation.account_id = "accepted", utcnow(), account_id
    invitation.save()
    outbox.emit("orgs.member.added", {"organization_id": invitation.organization_id, "account_id": account_id,
                                      "role": membership.role, "external": membership.external,
                                      "invitation_id": invitation.id})
    audit.record(invitation.organization_id, account_id, "invitation.accept", invitation.id)
    return membership


def accept(token, account_id):
    with db.atomic():
        invitation = _addressed_to(token, account_id)
        membership = _join(invitation, account_id, invitation.email)
    organization = Organization.get_by_id(invitation.organization_id)
    organization.my_role, organization.my_external = membership.role, membership.external
    return organization


def decline(token, account_id):
    with db.atomic():
        invitation = _addressed_to(token, account_id)
        invitation.status, invitation.answered_at, invitation.account_id = "declined", utcnow(), account_id
        invitation.save()
        audit.record(invitation.organization_id, account_id, "invitation.decline", invitation.id)


def for_person(token, account_id):
    """What the invited person sees before accepting or declining."""
    invitation = _addressed_to(token, account_id)
    return {"organization_id": invitation.organization_id, "role": invitation.role, "external": invitation.external,
            "organization_name": Organization.get_by_id(invitation.organization_id).name,
            "billing_rights": invitation.billing_rights, "expires_at": invitation.expires_at}


def for_service(token):
    """What identity shows on its sign-up page for an invitation link."""
    invitation = Invitation.get_or_none(Invitation.token == token)
    if invitation is None:
        raise NotFound(N_("No such invitation."))
    return {"email": invitation.email, "organization_id": invitation.organization_id,
            "organization_name": Organization.get_by_id(invitation.organization_id).name,
            "status": domain.invitation_state(invitation.status, invitation.expires_at, utcnow()),
            "expires_at": invitation.expires_at}


def join_on_signup(token, account_id, email):
    """ID3: sign-up through an open invitation joins its organization; False when the token
    is unknown, answered, withdrawn or expired (the caller then creates a personal one)."""
    invitation = Invitation.get_or_none(Invitation.token == token)
    now = utcnow()
    if invitation is None or domain.invitation_state(invitation.status, invitation.expires_at, now) != "pending":
        return False
    with db.atomic():
        # The token came by mail to the invited address; the account may have signed up with
        # another one, which is the address orgs records for it.
        _join(invitation, account_id, email.lower())
    return True
