"""The mail adapter talks real SMTP (or writes a maildir); the SMS adapter keeps a local outbox."""
import mailbox

from services.common.mail import Mailer, as_text, newest
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


def test_mail_makes_a_valid_maildir_in_a_folder_that_exists_without_its_subfolders(tmp_path):
    """The first-run bug: `var/mail` made by hand (or by a script) left every sign-up at 500."""
    (tmp_path / "mail").mkdir()
    (tmp_path / "partial" / "new").mkdir(parents=True)
    Mailer({"VAR_DIR": str(tmp_path)}).send("lea@example.org", "Hi", "Text")
    Mailer({"VAR_DIR": str(tmp_path), "MAILDIR": str(tmp_path / "partial")}).send("marc@example.org", "Hi", "Text")
    assert [m["To"] for m in mailbox.Maildir(tmp_path / "mail", create=False)] == ["lea@example.org"]
    assert [m["To"] for m in mailbox.Maildir(tmp_path / "partial", create=False)] == ["marc@example.org"]


def test_newest_mail_gives_back_a_long_link_whole_though_the_file_folds_it(tmp_path):
    config = {"VAR_DIR": str(tmp_path)}
    link = "http://127.0.0.1:8001/verify-email?token=" + "x" * 43
    Mailer(config).send("anna@example.ch", "Confirm", f"Open this link:\n\n{link}\n")
    Mailer(config).send("lea@example.org", "Other", "Not this one")
    [stored] = [f for f in (tmp_path / "mail" / "new").iterdir() if b"anna@" in f.read_bytes()]
    assert link.encode() not in stored.read_bytes()  # quoted-printable: "=3D", soft line breaks
    assert link in as_text(newest(config, "anna@example.ch"))
    assert newest(config)["To"] == "lea@example.org"
    assert newest(config, "nobody@example.org") is None
