"""The message sender: sends the rows of a service's message outbox once their transaction
has committed. It runs as a thread of the service's worker, beside the outbox relay, and
needs no broker.

Each message is claimed with a lease (one conditional UPDATE that only one sender wins),
sent with no transaction open, then marked sent; a failure puts it back with a delay that
doubles up to MESSAGE_RETRY_MAX_SECONDS, and it is tried until it goes. A slow or absent
mail server delays mail and holds no database lock.

At least once, not exactly once: if the process dies after the SMTP server accepted a
message and before it is marked sent, the message goes again when its lease ends (at most
the one message in hand per crash). Its Message-ID (and X-Message-ID, or `message_id` in
the SMS outbox) is the row's id, so such a copy is recognisable.
"""
import logging
import smtplib
import threading
from datetime import timedelta

import peewee

from .clock import utcnow
from .db import discard_connection
from .faults import crash_point
from .logs import correlation_id
from .mail import Mailer
from .sms import SmsOutbox

log = logging.getLogger(__name__)


def retry_delay(config, attempts):
    """Seconds before the next try after `attempts` failed ones: doubling, capped."""
    return min(config["MESSAGE_RETRY_SECONDS"] * 2 ** (attempts - 1), config["MESSAGE_RETRY_MAX_SECONDS"])


class Poller:
    """A worker thread sending what its table holds due, round after round (`_round()`, which
    returns how many it tried), pausing `poll_seconds` after an idle round. A database failure
    only delays the next round. The message sender is one; partner's webhook sender another."""

    def __init__(self, database, poll_seconds, name):
        self.database, self.poll_seconds, self.name = database, poll_seconds, name
        self._stopping = threading.Event()

    def run(self):
        while not self._stopping.is_set():
            try:
                busy = self.send_due() > 0
            except peewee.DatabaseError as exc:
                log.warning(f"{self.name} cannot read what it sends", extra={"error": repr(exc)})
                discard_connection(self.database)
                busy = False
            if not busy:
                self._stopping.wait(self.poll_seconds)

    def stop(self):
        self._stopping.set()

    def send_due(self):
        """One round: everything due now, one at a time; returns how many were tried.
        Tests call it to send at once, instead of waiting for the worker."""
        opened_here = self.database.is_closed()
        self.database.connect(reuse_if_open=True)
        try:
            return self._round()
        finally:
            if opened_here:
                self.database.close()

    def _round(self):
        raise NotImplementedError


class Sender(Poller):
    def __init__(self, config, database, messages):
        super().__init__(database, config["MESSAGE_POLL_SECONDS"], "sender")
        self.config = config
        self.messages = messages
        self.mailer = Mailer(config)
        self.sms = SmsOutbox(config)

    def _round(self):
        due = self.messages.due(utcnow(), self.config["MESSAGE_BATCH"])
        return sum(self._send(message) for message in due)

    def _send(self, message):
        if not self.messages.claim(message, utcnow(), self.config["MESSAGE_LEASE_SECONDS"]):
            return 0  # another sender has it
        attempt = message.attempts + 1
        token = correlation_id.set(message.correlation_id)
        try:
            self._deliver(message)
        except (smtplib.SMTPException, OSError) as exc:
            retry_at = utcnow() + timedelta(seconds=retry_delay(self.config, attempt))
            self.messages.mark_failed(message, repr(exc), retry_at)
            log.warning("message not sent, tried again later", extra={
                "message_id": str(message.id), "attempt": attempt, "error": repr(exc), "retry_at": str(retry_at)})
            return 1
        finally:
            correlation_id.reset(token)
        crash_point(self.config, "sender.after_send")  # the at-least-once boundary
        self.messages.mark_sent(message)
        return 1

    def _deliver(self, message):
        if message.channel == "sms":
            self.sms.send(message.recipient, message.text, message_id=message.id)
        else:
            self.mailer.send(message.recipient, message.subject, message.text, message.html, message_id=message.id)
