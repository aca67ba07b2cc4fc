"""OR12 support access: per content type, off by default, revocable, expires after 7 days."""
from datetime import datetime, timezone

from services.orgs.models import AuditEntry, SupportGrant

from .orgs_support import add_member, orgs, people  # noqa: F401 - fixtures


def statuses(person, org):
    return {s["content_type"]: s["active"] for s in person.call("get", f"/v1/organizations/{org}/support-access").get_json()}


def test_or12_support_access_is_off_by_default_for_each_content_type(people):
    anna = people("anna@example.ch")
    org = anna.create_org()
    assert statuses(anna, org) == {"mail": False, "drive": False, "chat": False}


def test_or12_each_content_type_is_granted_and_revoked_independently(people):
    anna = people("anna@example.ch")
    org = anna.create_org()
    granted = anna.call("put", f"/v1/organizations/{org}/support-access/mail")
    assert granted.status_code == 200 and granted.get_json()["active"] is True
    assert granted.get_json()["expires_at"] > granted.get_json()["granted_at"]
    anna.call("put", f"/v1/organizations/{org}/support-access/chat")
    assert statuses(anna, org) == {"mail": True, "drive": False, "chat": True}
    assert anna.call("delete", f"/v1/organizations/{org}/support-access/mail").status_code == 204
    assert statuses(anna, org) == {"mail": False, "drive": False, "chat": True}
    assert [e.action for e in AuditEntry.select().where(AuditEntry.action.startswith("support."))
            .order_by(AuditEntry.id)] == ["support.grant", "support.grant", "support.revoke"]


def test_or12_a_grant_expires_by_itself_seven_days_after_granting(people, clock):
    anna = people("anna@example.ch")
    org = anna.create_org()
    clock.set(datetime.now(timezone.utc))  # pinned: the grant's 7 days are counted exactly
    anna.call("put", f"/v1/organizations/{org}/support-access/drive")
    clock.advance(days=6, hours=23)
    assert statuses(anna, org)["drive"] is True
    clock.advance(hours=1)
    assert statuses(anna, org)["drive"] is False


def test_or12_only_managers_grant_and_unknown_content_types_are_404(people):
    anna, carl = people("anna@example.ch"), people("carl@example.ch")
    org = anna.create_org()
    add_member(org, carl)
    refused = carl.call("put", f"/v1/organizations/{org}/support-access/mail")
    assert refused.status_code == 403 and refused.get_json()["rule"] == "OR12"
    assert anna.call("put", f"/v1/organizations/{org}/support-access/photos").status_code == 404
    assert SupportGrant.select().count() == 0


def test_or12_a_collaborator_is_refused_support_access_citing_or12(people):
    anna, carl = people("anna@example.ch"), people("carl@example.ch")
    org = anna.create_org()
    add_member(org, carl)
    refused = carl.call("put", f"/v1/organizations/{org}/support-access/mail")
    assert refused.status_code == 403
    assert refused.get_json()["rule"] == "OR12" and "(OR12)" in refused.get_json()["detail"]
    assert "OR10" not in refused.get_json()["detail"] and statuses(anna, org)["mail"] is False
