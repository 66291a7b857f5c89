"""Sending mail to data subjects over SMTP: codes, notices and answers.

`Mailer` is the seam: services take one; `SmtpMailer` sends through the server in
the settings, tests run a real SMTP server in-process.
"""

from __future__ import annotations

import smtplib
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Protocol

from ombud.errors import OmbudError
from ombud.settings import Settings


@dataclass(frozen=True)
class Mail:
    """One message to one person."""

    to: str
    subject: str
    body: str
    attachment: bytes | None = None
    attachment_name: str | None = None


class Mailer(Protocol):
    def send(self, mail: Mail) -> None:
        """Deliver `mail` or raise OmbudError."""
        ...


class SmtpMailer:
    """Sends through the SMTP server named in the settings."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def send(self, mail: Mail) -> None:
        s = self.settings
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = s.mail_from, mail.to, mail.subject
        message.set_content(mail.body)
        if mail.attachment is not None:
            maintype, subtype = _content_type(mail.attachment_name or "")
            message.add_attachment(
                mail.attachment, maintype=maintype, subtype=subtype, filename=mail.attachment_name
            )
        try:
            with smtplib.SMTP(s.smtp_host, s.smtp_port, timeout=30) as smtp:
                if s.smtp_starttls:
                    smtp.starttls()
                if s.smtp_user and s.smtp_password:
                    smtp.login(s.smtp_user, s.smtp_password.get_secret_value())
                smtp.send_message(message)
        except (OSError, smtplib.SMTPException) as exc:
            raise OmbudError(
                f"mail: could not send through {s.smtp_host}:{s.smtp_port} ({exc}); "
                "check OMBUD_SMTP_HOST and OMBUD_SMTP_PORT"
            ) from exc


def _content_type(name: str) -> tuple[str, str]:
    if name.endswith(".zip"):
        return "application", "zip"
    if name.endswith(".html"):
        return "text", "html"
    return "application", "octet-stream"
