"""Mail after commit: a use case records its mail in its transaction; the sender sends it later,
once, whatever the mail server does meanwhile. Real SMTP servers (aiosmtpd) throughout."""
import asyncio
import json
import threading
from datetime import timedelta
from types import SimpleNamespace

import pytest

from services.common.cli import messages_command
from services.common.clock import utcnow
from services.common.outbox import OutsideTransaction
from services.identity import app as identity_app
from services.identity.models import OutboundMessage, messages
from tests.conftest import service_config
from tests.e2e.system import wait_until
from tests.mail import Inbox, SmtpServer, sender_of

from .identity_helpers import person


def identity_with(tmp_path, databases, server, **overrides):
    config = service_config(identity_app, tmp_path, databases, "identity", SMTP_URL=server.url, **overrides)
    app = identity_app.create_app(config)
    return app, sender_of(app, messages)


@pytest.fixture
def down_smtp():
    server = SmtpServer()  # not started: connections to its port are refused
    yield server
    server.stop()


def test_a_sign_up_commits_while_smtp_is_down_and_its_mail_goes_once_when_it_is_back(tmp_path, databases,
                                                                                        down_smtp):
    app, sender = identity_with(tmp_path, databases, down_smtp, MESSAGE_RETRY_SECONDS=0.2)
    response = app.test_client().post("/v1/accounts", json=person())
    assert response.status_code == 201  # the mail server's outage is no reason to refuse a sign-up

    assert sender.send_due() == 1  # tried, refused by the closed port, put back for later
    [waiting] = OutboundMessage.select()
    assert waiting.sent_at is None and waiting.attempts == 1 and "Connection refused" in waiting.last_error
    assert waiting.next_attempt_at > utcnow() - timedelta(seconds=1)

    down_smtp.start()
    wait_until(lambda: sender.send_due(), timeout=10, what="the retry to come due")
    [message] = down_smtp.inbox.messages
    assert message["To"] == person()["email"] and message["X-Message-ID"] == str(waiting.id)
    assert message["Message-ID"] == f"<{waiting.id}@partner-portal.local>"
    sent = OutboundMessage.get_by_id(waiting.id)
    assert sent.sent_at is not None and sent.attempts == 2
    assert sender.send_due() == 0 and len(down_smtp.inbox.messages) == 1  # exactly once
    app.extensions["database"].close()


class SlowInbox(Inbox):
    """Holds every SMTP conversation at DATA until released (at most 10 s)."""

    def __init__(self):
        super().__init__()
        self.receiving, self.release = threading.Event(), threading.Event()

    async def handle_DATA(self, server, session, envelope):
        self.receiving.set()
        await asyncio.get_running_loop().run_in_executor(None, self.release.wait, 10)
        return await super().handle_DATA(server, session, envelope)


def test_a_slow_smtp_server_holds_no_lock_other_writes_to_the_database_commit_meanwhile(tmp_path, databases):
    slow = SmtpServer(SlowInbox()).start()
    try:
        app, sender = identity_with(tmp_path, databases, slow)
        client = app.test_client()
        assert client.post("/v1/accounts", json=person()).status_code == 201
        sending = threading.Thread(target=sender.send_due)
        sending.start()
        assert slow.inbox.receiving.wait(10), "the sender never reached the SMTP server"

        # Mid-conversation: another sign-up (account, token, outbox event, its own mail row) commits.
        other = client.post("/v1/accounts", json=person(email="lea@example.org"))
        assert other.status_code == 201 and sending.is_alive() and not slow.inbox.release.is_set()
        assert OutboundMessage.select().where(OutboundMessage.sent_at.is_null()).count() == 2

        slow.inbox.release.set()
        sending.join(10)
        assert [m["To"] for m in slow.inbox.messages] == [person()["email"]]
        assert OutboundMessage.select().where(OutboundMessage.sent_at.is_null()).count() == 1
    finally:
        slow.inbox.release.set()
        slow.stop()
    app.extensions["database"].close()


def test_a_message_is_claimed_by_one_sender_and_a_lapsed_claim_is_sent_again_with_the_same_id(
        identity, identity_client, smtp_server):
    assert identity_client.post("/v1/accounts", json=person()).status_code == 201
    [row] = OutboundMessage.select()
    assert messages.claim(row, utcnow(), 120) and not messages.claim(row, utcnow(), 120)
    assert smtp_server.to(person()["email"]) == []  # claimed by a sender that then died

    later = utcnow() + timedelta(seconds=121)  # its lease has run out: another sender takes over
    assert messages.claim(OutboundMessage.get_by_id(row.id), later, 120)
    OutboundMessage.update(claimed_until=utcnow() - timedelta(seconds=1)).execute()
    [message] = smtp_server.wait_for(person()["email"])
    assert message["X-Message-ID"] == str(row.id)


def test_recording_a_message_outside_a_transaction_is_refused(identity):
    with pytest.raises(OutsideTransaction):
        messages.mail("anna@example.ch", "Hi", "Text")
    assert OutboundMessage.select().count() == 0


def test_the_messages_command_lists_pending_and_failed_messages(tmp_path, databases, down_smtp, capsys):
    app, sender = identity_with(tmp_path, databases, down_smtp)
    app.test_client().post("/v1/accounts", json=person())
    command = messages_command(messages)

    def listed(state):
        command(app.config, SimpleNamespace(action="list", state=state))
        return [json.loads(line) for line in capsys.readouterr().out.splitlines()]

    [pending] = listed("pending")
    assert pending["to"] == person()["email"] and pending["attempts"] == 0 and listed("failed") == []
    sender.send_due()
    [failed] = listed("failed")
    assert failed["id"] == pending["id"] and failed["attempts"] == 1 and failed["last_error"]
    app.extensions["database"].close()
