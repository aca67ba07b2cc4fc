"""PA1, PA3: applying to the reseller programme, and staff's review. One transaction per use case;
the access check, the website check and orgs' contacts are asked before it."""
import peewee

from services.common.clock import utcnow
from services.common.contacts import legal_representatives
from services.common.db import get_or_not_found
from services.common.errors import Conflict, NotFound, RuleViolation
from services.common.paging import page

from . import application_mails, registers, service
from .domain import may_apply_as_partner
from .mails import mail_people
from .models import Affiliate, Application, Partner, db, messages, outbox

OPEN = ("pending", "approved")
ALREADY_OPEN = "The organization has a pending or approved application already (PA1)."


def submit(access, orgs_client, checker, settings, account_id, organization_id, form):
    """PA1: a company's legal representative applies (`settings`: RESELLER_CONDITIONS_VERSION, STAFF_EMAIL)."""
    access.require(account_id, "partner.represent", organization_id)
    organization = service.known_organization(orgs_client, organization_id)
    if not may_apply_as_partner(organization.kind):
        raise RuleViolation("PA1", "Only companies can apply to the partner programme; individuals can "
                                   "join the affiliate programme.")
    try:
        register = registers.register_number(form["register_country"], form["register_number"])
    except registers.InvalidRegisterNumber as error:
        raise RuleViolation("PA1", str(error), errors={"register_number": [str(error)]}) from None
    version = settings["RESELLER_CONDITIONS_VERSION"]
    if form["conditions_version"] != version or form["accept_conditions"] is not True:
        raise RuleViolation("PA1", f"The reseller conditions {version} must be accepted.",
                            errors={"accept_conditions": [f"Accept the conditions version {version}."]})
    _refuse_affiliates_and_duplicates(organization_id)
    website = checker.check(form["website"])
    people = legal_representatives(orgs_client, organization_id)
    try:
        with db.atomic():
            _refuse_affiliates_and_duplicates(organization_id)
            application = Application.create(
                organization_id=organization_id, legal_name=form["legal_name"], register_country=register.country,
                register_kind=register.kind, register_number=register.number, manual_review=register.manual_review,
                website=form["website"], website_reachable=website.reachable, website_status=website.status,
                website_checked_at=website.checked_at, conditions_version=version, conditions_accepted_at=utcnow(),
                applied_by=account_id)
            _emit("submitted", application, account_id)
            mail_people(messages, people, application_mails.submitted, legal_name=application.legal_name,
                        submitted_at=application.created_at)
            messages.mail(settings["STAFF_EMAIL"], *application_mails.for_staff(application))
    except peewee.IntegrityError:  # a concurrent application won (migration 6's unique index)
        raise Conflict(ALREADY_OPEN) from None
    return application


def _refuse_affiliates_and_duplicates(organization_id):
    _refuse_affiliates(organization_id)
    if Application.select().where((Application.organization_id == organization_id)
                                  & Application.status.in_(OPEN)).exists():
        raise Conflict(ALREADY_OPEN)


def latest(access, account_id, organization_id):
    access.require(account_id, "partner.manage", organization_id)
    application = (Application.select().where(Application.organization_id == organization_id)
                   .order_by(Application.created_at.desc(), Application.id.desc()).first())
    if application is None:
        raise NotFound("The organization never applied.")
    return application


def partner_of(access, account_id, organization_id):
    """The organization's partner status; any member may read it (approved partners are public, PA5)."""
    access.require(account_id, "organization.read", organization_id)
    return get_or_not_found(Partner, Partner.organization_id == organization_id,
                            detail="The organization is not a partner.")


# -- staff (scope `staff`, or the operator command) -----------------------------------------
def applications_page(status=None, cursor=None, limit=50):
    query = Application.select()
    if status:
        query = query.where(Application.status == status)
    return page(query, Application.created_at, Application.id, cursor, limit)


def get_application(application_id):
    return get_or_not_found(Application, Application.id == application_id, detail="No such application.")


def approve(orgs_client, application_id, staff_id):
    """PA1: the organization becomes a partner (its legal representatives' emails kept for PA5's search)."""
    application = _pending(application_id)
    people = legal_representatives(orgs_client, application.organization_id)
    organization = service.known_organization(orgs_client, application.organization_id)
    with db.atomic():
        _refuse_affiliates(application.organization_id)
        now = utcnow()
        _decide(application, "approved", staff_id, now)
        emails = sorted({person["email"].lower() for person in people})
        fields = {"application": application.id, "name": organization.name, "currency": organization.currency,
                  "contact_emails": emails, "status": "approved", "approved_at": now}
        if Partner.update(**fields).where(Partner.organization_id == application.organization_id).execute() == 0:
            Partner.create(organization_id=application.organization_id, **fields)
        _emit("approved", application, staff_id)
        mail_people(messages, people, application_mails.approved, legal_name=application.legal_name, approved_at=now)
    return application


def reject(orgs_client, application_id, staff_id, reason):
    application = _pending(application_id)
    people = legal_representatives(orgs_client, application.organization_id)
    with db.atomic():
        now = utcnow()
        _decide(application, "rejected", staff_id, now, reason)
        _emit("rejected", application, staff_id)
        mail_people(messages, people, application_mails.rejected, legal_name=application.legal_name,
                    rejected_at=now, reason=reason)
    return application


def _pending(application_id):
    application = get_application(application_id)
    if application.status != "pending":
        raise Conflict(f"This application was {application.status} already.")
    return application


def _refuse_affiliates(organization_id):
    if Affiliate.select().where((Affiliate.organization_id == organization_id) & (Affiliate.status == "active")).exists():
        raise RuleViolation("PA3", "An affiliate cannot be a partner at the same time.")


def _decide(application, status, staff_id, now, reason=None):
    """Decide a pending application, under that condition: of two staff deciding at once, one wins."""
    decided = {"status": status, "reviewed_by": staff_id, "reviewed_at": now, "reason": reason}
    if Application.update(**decided).where((Application.id == application.id)
                                           & (Application.status == "pending")).execute() != 1:
        raise Conflict("This application was decided meanwhile.")
    for name, value in decided.items():
        setattr(application, name, value)


def _emit(name, application, actor_id):
    outbox.emit(f"partner.application.{name}", {
        "application_id": application.id, "organization_id": application.organization_id,
        "status": application.status, "manual_review": application.manual_review, "reason": application.reason,
        "actor_id": actor_id})
