"""Every change of a link: its `version` counted up and the matching `partner.link.*` event with
the link's whole state (LinkState), in the caller's transaction. Consumers (orgs' delegated
grants, billing's payer) keep the state with the highest version per link."""
from services.common.clock import utcnow
from services.common.errors import Conflict

from .models import Link, outbox


def state(link, actor_id, side):
    """The LinkState payload of `link` as it is now."""
    return {"link_id": str(link.id), "version": link.version,
            "partner_organization_id": str(link.partner_organization_id),
            "client_organization_id": str(link.client_organization_id), "status": link.status,
            "scope": link.scope, "products": link.products, "billing": link.billing, "payer": link.payer,
            "ends_at": link.ends_at, "auto_extend": link.auto_extend,
            "actor_id": str(actor_id) if actor_id else None, "side": side}


def created(link, event, actor_id, side):
    """A new link (version 1) and its first event, `partner.link.requested` or `.approved`."""
    link.version, link.updated_at = 1, utcnow()
    link.save(force_insert=True)
    outbox.emit(f"partner.link.{event}", state(link, actor_id, side))
    return link


def changed(link, event, actor_id, side, **changes):
    """Apply `changes` to `link` if its version is still the one read (else Conflict: someone
    changed it meanwhile), count the version up and emit `partner.link.<event>`."""
    done = Link.update(version=Link.version + 1, updated_at=utcnow(), **changes).where(
        (Link.id == link.id) & (Link.version == link.version)).execute()
    if not done:
        raise Conflict("The link changed meanwhile; read it again and retry.")
    for name, value in changes.items():
        setattr(link, name, value)
    link.version += 1
    outbox.emit(f"partner.link.{event}", state(link, actor_id, side))
    return link
