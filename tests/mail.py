"""A real SMTP server (aiosmtpd) on a free local port that keeps what it receives.

Services record mail in their message outbox and their worker sends it after commit; tests
run no worker, so each service under test hands its sender to the server (`deliver_from`)
and reading the inbox first delivers what is pending, in-process: no sleeping."""
import email
import email.policy
import socket
import time

from aiosmtpd.controller import Controller


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 Message accepted for delivery"


def sender_of(app, messages):
    """The sender the worker of the service `app` would run for `messages` (its Messages):
    `sender_of(app, messages).send_due()` delivers what is pending now, in-process."""
    from services.common.sender import Sender

    return Sender(app.config, app.extensions["database"], messages)


class SmtpServer:
    def __init__(self, inbox=None):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.inbox = inbox or Inbox()
        self.controller = None
        self.senders = []

    def deliver_from(self, app, messages):
        """Let deliver() send what the service `app` records in `messages` (its Messages)."""
        self.senders.append(sender_of(app, messages))
        return app

    def deliver(self):
        """Deliver pending messages now (mail to this server, SMS to the SMS outbox file): one
        round of each service's sender, as the worker would run it."""
        return sum(sender.send_due() for sender in self.senders)

    @property
    def url(self):
        return f"smtp://127.0.0.1:{self.port}"

    @property
    def messages(self):
        self.deliver()
        return self.inbox.messages

    def to(self, address):
        return [m for m in self.messages if address in m["To"]]

    def wait_for(self, address, count=1, timeout=10.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.to(address)
            if len(found) >= count:
                return found
            time.sleep(0.05)
        raise AssertionError(f"no mail for {address} after {timeout}s (got {[m['To'] for m in self.messages]})")

    def start(self):
        """Start (or start again, on the same port and inbox: a server back after an outage)."""
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()
        return self

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None
