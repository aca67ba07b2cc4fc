"""A real SMTP server (aiosmtpd) on a free local port that keeps what it receives."""
import email
import email.policy
import socket
import time

from aiosmtpd.controller import Controller


class _Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 Message accepted for delivery"


class SmtpServer:
    def __init__(self):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.inbox = _Inbox()
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)

    @property
    def url(self):
        return f"smtp://127.0.0.1:{self.port}"

    @property
    def messages(self):
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
        self.controller.start()
        return self

    def stop(self):
        self.controller.stop()
