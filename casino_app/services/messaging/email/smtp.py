"""Handing a stored mail to the SMTP server (aiosmtplib) when ``SMTP_HOST`` is set.

``build`` makes the MIME message (UTF-8 text and HTML alternatives, an encoded subject, a Message-ID); ``send``
delivers it and raises ``DeliveryError`` with a short reason on any failure, so the caller records it.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
from collections.abc import Coroutine
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from typing import Any

import aiosmtplib

from casino_app.settings import Settings, get_settings

TIMEOUT_SECONDS = 15.0
SMTPS_PORT = 465


class DeliveryError(Exception):
    """The SMTP server did not take the mail; ``str()`` is the reason to record (at most 300 characters)."""


def configured(settings: Settings | None = None) -> bool:
    """Whether mail is delivered by SMTP (else it stays in the outbox as ``local``)."""
    return bool((settings or get_settings()).smtp_host)


def build(*, to: str, subject: str, text: str, html: str, message_id: int | None = None) -> EmailMessage:
    """The MIME message: ``multipart/alternative`` of UTF-8 text and HTML, from ``MAIL_FROM``."""
    sender = get_settings().mail_from
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False, usegmt=True)
    domain = parseaddr(sender)[1].rpartition("@")[2] or "localhost"
    message["Message-ID"] = make_msgid(idstring=f"cc{message_id}" if message_id else None, domain=domain)
    message.set_content(text, subtype="plain", charset="utf-8")
    message.add_alternative(html, subtype="html", charset="utf-8")
    return message


def _run(coroutine: Coroutine[Any, Any, Any]) -> Any:
    """Run ``coroutine`` to completion from synchronous code, also when this thread already runs a loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def send(message: EmailMessage) -> None:
    """Deliver ``message`` through the configured server (TLS on port 465, else STARTTLS as configured;
    login when ``SMTP_USERNAME`` is set)."""
    settings = get_settings()
    if not settings.smtp_host:
        raise DeliveryError("SMTP is not configured")
    password = settings.smtp_password.get_secret_value() if settings.smtp_password else None
    implicit_tls = settings.smtp_port == SMTPS_PORT  # port 465 speaks TLS from the first byte
    try:
        _run(
            aiosmtplib.send(
                message,
                hostname=settings.smtp_host,
                port=settings.smtp_port,
                username=settings.smtp_username,
                password=password,
                use_tls=implicit_tls,
                start_tls=settings.smtp_starttls and not implicit_tls,
                timeout=TIMEOUT_SECONDS,
            )
        )
    except (aiosmtplib.SMTPException, OSError, TimeoutError) as exc:
        reason = f"{type(exc).__name__}: {exc}".replace("\n", " ")
        raise DeliveryError(reason[:300]) from exc
