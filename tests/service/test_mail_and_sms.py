"""The mail adapter talks real SMTP (or writes a maildir); the SMS adapter keeps a local outbox."""
import mailbox

from services.common.mail import Mailer
from services.common.sms import SmsOutbox


def test_mail_goes_over_real_smtp_when_configured(smtp_server, tmp_path):
    Mailer({"SMTP_URL": smtp_server.url, "VAR_DIR": str(tmp_path)}).send(
        "anna@alpine-web.example", "Welcome", "Hello Anna", html="<p>Hello Anna</p>")
    [message] = smtp_server.wait_for("anna@alpine-web.example")
    assert message["Subject"] == "Welcome"
    assert "Hello Anna" in message.get_body(preferencelist=("plain",)).get_content()


def test_mail_lands_in_the_local_maildir_by_default(tmp_path):
    Mailer({"VAR_DIR": str(tmp_path)}).send("lea@example.org", "Hi", "Text")
    [message] = list(mailbox.Maildir(tmp_path / "mail"))
    assert message["To"] == "lea@example.org" and message["Subject"] == "Hi"


def test_sms_are_written_to_the_local_outbox(tmp_path):
    sms = SmsOutbox({"VAR_DIR": str(tmp_path)})
    sms.send("+41790000000", "code 123456")
    assert [(m["to"], m["text"]) for m in sms.sent()] == [("+41790000000", "code 123456")]
