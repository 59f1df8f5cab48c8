"""Helpers for payment tests: a webhook handler that records its calls, and signed deliveries."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from casino_app.services.payments import signing, webhooks
from casino_app.services.payments.port import WebhookEvent

SECRETS = "Wq8-vN3xLm7Rb2Tz5Kc9Hd4Yf6Gj1Ps0Ua,Zr5-Mn8Bv2Cx7Lk4Jh9Gf3Ds6Aq1Wp0Eo"


@dataclass
class RecordingHandler:
    """Stands in for ``shop.orders.on_payment_event``: records every call, optionally does or fails something."""

    calls: list[tuple[str, WebhookEvent]] = field(default_factory=list)
    effect: Callable[[str, WebhookEvent], None] | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __call__(self, provider: str, event: WebhookEvent) -> None:
        with self._lock:
            self.calls.append((provider, event))
        if self.effect is not None:
            self.effect(provider, event)


def install_handler(monkeypatch: pytest.MonkeyPatch, handler: RecordingHandler) -> RecordingHandler:
    """Route verified webhooks to ``handler`` instead of the shop."""
    monkeypatch.setattr(webhooks, "_handler", handler)
    return handler


def signed(document: dict[str, Any], **sign_args: Any) -> tuple[bytes, dict[str, str]]:
    """A JSON body and its headers, signed with the configured secret."""
    body = json.dumps(document, separators=(",", ":")).encode()
    return body, {"Content-Type": "application/json", signing.HEADER: signing.sign(body, **sign_args)}
