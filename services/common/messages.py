"""Mail and SMS after commit: a use case records what it wants to send in its own transaction,
and the sender (`services.common.sender`, a thread of the service's worker) sends it later.

Each service that sends makes its table with `message_table(proxy)` and records through
`Messages.mail` / `Messages.sms`, which refuse to run outside a transaction: nothing is
sent for a change that rolled back, and a committed change never loses its message. No
SMTP conversation ever happens while a use case holds a database lock.
"""
import uuid
from datetime import timedelta

import peewee

from .clock import utcnow
from .logs import correlation_id
from .outbox import OutsideTransaction


def message_table(proxy):
    """The message outbox of one service, bound to its database proxy."""

    class OutboundMessage(peewee.Model):
        id = peewee.UUIDField(primary_key=True, default=uuid.uuid4)  # also the mail's Message-ID
        channel = peewee.CharField(max_length=10)  # mail | sms
        recipient = peewee.CharField(max_length=254)
        subject = peewee.CharField(max_length=300, default="")
        text = peewee.TextField()
        html = peewee.TextField(null=True)
        correlation_id = peewee.CharField(max_length=200, null=True)
        created_at = peewee.DateTimeField(default=utcnow)
        attempts = peewee.IntegerField(default=0)
        next_attempt_at = peewee.DateTimeField(default=utcnow, index=True)
        claimed_until = peewee.DateTimeField(null=True)  # a sender holds it until then (lease)
        sent_at = peewee.DateTimeField(null=True, index=True)
        last_error = peewee.TextField(null=True)

        class Meta:
            database = proxy
            table_name = "message_outbox"

    return OutboundMessage


class Messages:
    """The one way to send mail or SMS: record it; the sender does the rest after commit."""

    def __init__(self, model):
        self.model = model

    def mail(self, to, subject, text, html=None):
        return self._record("mail", to, subject, text, html)

    def sms(self, to, text):
        return self._record("sms", to, "", text, None)

    def _record(self, channel, to, subject, text, html):
        if not self.model._meta.database.in_transaction():
            raise OutsideTransaction(f"{channel} to {to} recorded outside a transaction")
        return self.model.create(channel=channel, recipient=to, subject=subject, text=text, html=html,
                                 correlation_id=correlation_id.get())

    # -- the sender's side: each call is one short statement, no transaction held open ------
    def due(self, now, limit):
        model = self.model
        free = model.claimed_until.is_null() | (model.claimed_until < now)
        return list(model.select().where(model.sent_at.is_null() & (model.next_attempt_at <= now) & free)
                    .order_by(model.next_attempt_at, model.created_at).limit(limit))

    def claim(self, message, now, lease_seconds):
        """True when this sender won the message: one conditional UPDATE only one process can win."""
        model = self.model
        free = model.claimed_until.is_null() | (model.claimed_until < now)
        won = (model.update(claimed_until=now + timedelta(seconds=lease_seconds), attempts=model.attempts + 1)
               .where((model.id == message.id) & model.sent_at.is_null() & free).execute())
        return won == 1

    def mark_sent(self, message):
        model = self.model
        model.update(sent_at=utcnow(), claimed_until=None).where(model.id == message.id).execute()

    def mark_failed(self, message, error, retry_at):
        model = self.model
        model.update(claimed_until=None, next_attempt_at=retry_at, last_error=error[:2000]).where(
            model.id == message.id).execute()

    def listing(self, state):
        """Unsent messages (`pending`), those of them whose last attempt failed (`failed`), or `sent`."""
        model = self.model
        query = model.select().order_by(model.created_at)
        if state == "sent":
            return list(query.where(model.sent_at.is_null(False)))
        query = query.where(model.sent_at.is_null())
        return list(query.where(model.last_error.is_null(False)) if state == "failed" else query)


def describe(message):
    """A message as the operator view prints it (the body left out: it may hold a live link)."""
    when = lambda value: value.isoformat() if value else None  # noqa: E731
    return {"id": str(message.id), "channel": message.channel, "to": message.recipient,
            "subject": message.subject, "created_at": when(message.created_at), "attempts": message.attempts,
            "next_attempt_at": when(message.next_attempt_at), "sent_at": when(message.sent_at),
            "last_error": message.last_error}
