"""A raw Reflex websocket client (Engine.IO v4 / Socket.IO), the way an attacker would speak it.

No browser, no hydrate event unless asked: it connects to ``/_event`` with any
client token and sends any handler name, which is exactly what the socket
binding must withstand.
"""

from __future__ import annotations

import json
import time
from typing import Any

import simple_websocket

NAMESPACE = "/_event"


class ReflexSocket:
    """One ``/_event`` connection; ``send_event`` fires a handler, ``drain`` collects what comes back."""

    def __init__(self, base_url: str, client_token: str, cookie: str | None = None) -> None:
        url = base_url.replace("http://", "ws://").replace("https://", "wss://")
        headers = {"Cookie": cookie} if cookie else None
        self.ws = simple_websocket.Client.connect(
            f"{url}/_event/?token={client_token}&EIO=4&transport=websocket", headers=headers
        )
        opened = self.ws.receive(timeout=30)
        if not (isinstance(opened, str) and opened.startswith("0")):
            raise ConnectionError(f"not an Engine.IO open packet: {opened!r}")
        self.ws.send(f"40{NAMESPACE},{{}}")
        self.received: list[Any] = []
        self._until(lambda m: m.startswith(f"40{NAMESPACE}"), timeout=10)

    def _until(self, done: Any, timeout: float) -> str | None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            message = self.ws.receive(timeout=max(0.05, deadline - time.monotonic()))
            if message is None:
                continue
            if message == "2":  # Engine.IO ping
                self.ws.send("3")
                continue
            if isinstance(message, str) and message.startswith(f"42{NAMESPACE},"):
                self.received.append(json.loads(message[len(f"42{NAMESPACE},") :]))
            if done(message):
                return message
        return None

    def send_event(self, handler: str, payload: dict[str, Any], path: str = "/") -> None:
        """Call ``handler`` (a full Reflex event name) with ``payload``, as if from page ``path``."""
        event = {"name": handler, "payload": payload, "router_data": {"pathname": path, "asPath": path}}
        self.ws.send(f"42{NAMESPACE}," + json.dumps(["event", event]))

    def drain(self, seconds: float) -> list[Any]:
        """Everything the server sent within ``seconds``."""
        self._until(lambda _m: False, timeout=seconds)
        return self.received

    def close(self) -> None:
        """Close the connection."""
        self.ws.close()
