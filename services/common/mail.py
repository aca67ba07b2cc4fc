"""One mail adapter for every service: SMTP when SMTP_URL is set, else a local maildir.

The maildir (`var/mail` by default) lets the embedded setup run with no mail server;
tests run a real SMTP server (aiosmtpd) and point SMTP_URL at it.
"""
import logging
import mailbox
import smtplib
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from urllib.parse import urlparse

from .logs import correlation_id

log = logging.getLogger(__name__)


class Mailer:
    def __init__(self, config):
        self.sender = config.get("MAIL_FROM") or "Partner Portal <no-reply@partner-portal.local>"
        self.smtp_url = config.get("SMTP_URL") or ""
        self.maildir = Path(config.get("MAILDIR") or Path(config["VAR_DIR"]) / "mail")

    def send(self, to, subject, text, html=None):
        """Send one message; raises on SMTP failure so the caller's transaction can roll back."""
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = self.sender, to, subject
        message["Date"], message["Message-ID"] = formatdate(localtime=False), make_msgid(domain="partner-portal.local")
        if correlation_id.get():
            message["X-Correlation-ID"] = correlation_id.get()
        message.set_content(text)
        if html:
            message.add_alternative(html, subtype="html")
        if self.smtp_url:
            self._smtp(message)
        else:
            self.maildir.parent.mkdir(parents=True, exist_ok=True)  # Maildir makes cur/new/tmp
            mailbox.Maildir(self.maildir, create=True).add(message)
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
