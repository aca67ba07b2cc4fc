"""One mail adapter for every service: SMTP when SMTP_URL is set, else a local maildir.

The maildir (`var/mail` by default) lets the embedded setup run with no mail server;
`newest` reads it back decoded (`python -m services.<name> mail`), since the file itself
is quoted-printable and folds long links. Tests run a real SMTP server (aiosmtpd).
"""
import logging
import mailbox
import smtplib
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import formatdate, make_msgid
from pathlib import Path
from urllib.parse import urlparse

from .logs import correlation_id

log = logging.getLogger(__name__)


class Mailer:
    def __init__(self, config):
        self.sender = config.get("MAIL_FROM") or "Partner Portal <no-reply@partner-portal.local>"
        self.smtp_url = config.get("SMTP_URL") or ""
        self.maildir = maildir_path(config)

    def send(self, to, subject, text, html=None, message_id=None):
        """Send one message; raises on SMTP failure so the sender (services.common.sender) tries
        again later. `message_id`, the message outbox row's id, makes a resent copy recognisable."""
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = self.sender, to, subject
        message["Date"] = formatdate(localtime=False)
        message["Message-ID"] = f"<{message_id}@partner-portal.local>" if message_id else \
            make_msgid(domain="partner-portal.local")
        if message_id:
            message["X-Message-ID"] = str(message_id)
        if correlation_id.get():
            message["X-Correlation-ID"] = correlation_id.get()
        message.set_content(text)
        if html:
            message.add_alternative(html, subtype="html")
        if self.smtp_url:
            self._smtp(message)
        else:
            local_maildir(self.maildir).add(message)
        log.info("mail sent", extra={"to": to, "subject": subject})
        return message

    def _smtp(self, message):
        url = urlparse(self.smtp_url)
        port = url.port or (465 if url.scheme == "smtps" else 25)
        smtp_class = smtplib.SMTP_SSL if url.scheme == "smtps" else smtplib.SMTP
        with smtp_class(url.hostname, port, timeout=10) as smtp:
            if url.scheme == "smtp+starttls":
                smtp.starttls()
            if url.username:
                smtp.login(url.username, url.password or "")
            smtp.send_message(message)


def maildir_path(config):
    return Path(config.get("MAILDIR") or Path(config["VAR_DIR"]) / "mail")


def local_maildir(path):
    """A valid maildir at `path` whatever is there already. mailbox.Maildir(create=True) only
    makes cur/new/tmp when the folder itself is missing: an empty folder (made by hand or by
    a script) would fail every send."""
    for sub in ("tmp", "new", "cur"):
        (Path(path) / sub).mkdir(parents=True, exist_ok=True)
    return mailbox.Maildir(path, create=False)


def newest(config, to=None):
    """The last message written to the local maildir (to `to`, when given), or None."""
    folder = maildir_path(config)
    files = [f for sub in ("new", "cur") for f in (folder / sub).glob("*") if f.is_file()]
    for path in sorted(files, key=lambda f: f.stat().st_mtime_ns, reverse=True):
        with path.open("rb") as raw:
            message = BytesParser(policy=policy.default).parse(raw)
        if to is None or to.lower() in (message["To"] or "").lower():
            return message
    return None


def as_text(message):
    """Headers a reader needs and the plain-text body, decoded (links whole again)."""
    body = message.get_body(("plain",))
    text = body.get_content() if body is not None else ""
    return f"From: {message['From']}\nTo: {message['To']}\nDate: {message['Date']}\n" \
           f"Subject: {message['Subject']}\n\n{text}"
