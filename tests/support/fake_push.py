"""A local push service and a browser for web-push tests.

``FakePushService`` is an HTTP server on a free loopback port (a thread) that records every push and answers
with the status the test chooses. ``Browser`` holds what a real browser keeps for one subscription: an EC P-256
key pair and a 16-byte auth secret. ``Received.verify`` checks a push the way a push service and a browser
would: the VAPID ``Authorization: vapid t=<JWT>,k=<key>`` header (ES256 signature by ``k``, ``aud`` = the
endpoint's origin, ``exp`` within 24 hours, a ``sub``), then decrypts the ``aes128gcm`` body with the browser's
private key.
"""

from __future__ import annotations

import base64
import json
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import http_ece
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, utils


def b64url(data: bytes) -> str:
    """Unpadded base64url."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def unb64url(text: str) -> bytes:
    """Decode base64url with or without padding."""
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass
class Browser:
    """A browser's side of one subscription."""

    private_key: ec.EllipticCurvePrivateKey = field(default_factory=lambda: ec.generate_private_key(ec.SECP256R1()))
    auth_secret: bytes = field(default_factory=lambda: os.urandom(16))

    @property
    def p256dh(self) -> str:
        """The public key as ``PushSubscription.toJSON().keys.p256dh`` gives it."""
        point = self.private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        return b64url(point)

    @property
    def auth(self) -> str:
        """The auth secret as ``keys.auth``."""
        return b64url(self.auth_secret)


@dataclass(frozen=True)
class Received:
    """One push as the service received it."""

    path: str
    headers: dict[str, str]
    body: bytes

    def claims(self, origin: str, server_key: str) -> dict[str, Any]:
        """Verify the VAPID header (signature by ``server_key``, claims) and return the JWT claims."""
        scheme, _, params = self.headers["authorization"].partition(" ")
        assert scheme.lower() == "vapid", self.headers["authorization"]
        parts = dict(item.strip().split("=", 1) for item in params.split(","))
        assert parts["k"] == server_key, "signed by another key than the one browsers were given"
        token = parts["t"]
        header_b64, claims_b64, signature_b64 = token.split(".")
        assert json.loads(unb64url(header_b64)) == {"typ": "JWT", "alg": "ES256"}
        signature = unb64url(signature_b64)
        assert len(signature) == 64
        public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64url(parts["k"]))
        der = utils.encode_dss_signature(int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big"))
        public.verify(der, f"{header_b64}.{claims_b64}".encode("ascii"), ec.ECDSA(hashes.SHA256()))  # raises if bad
        claims = json.loads(unb64url(claims_b64))
        assert claims["aud"] == origin
        now = time.time()
        assert now < claims["exp"] <= now + 24 * 3600
        assert claims["sub"].startswith(("mailto:", "https://"))
        return claims

    def decrypt(self, browser: Browser) -> dict[str, Any]:
        """The push's JSON, decrypted as the browser does (RFC 8291, ``aes128gcm``)."""
        assert self.headers["content-encoding"] == "aes128gcm"
        plain = http_ece.decrypt(
            self.body, private_key=browser.private_key, auth_secret=browser.auth_secret, version="aes128gcm"
        )
        return json.loads(plain.decode("utf-8"))


class FakePushService:
    """Records pushes on ``http://127.0.0.1:<port>/push/<id>``; answers ``status`` (201 by default)."""

    def __init__(self) -> None:
        self.received: list[Received] = []
        self.status = 201
        self._lock = threading.Lock()
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                body = self.rfile.read(length)
                headers = {key.lower(): value for key, value in self.headers.items()}
                with service._lock:
                    service.received.append(Received(self.path, headers, body))
                    status = service.status
                self.send_response(status)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                return

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def endpoint(self, name: str) -> str:
        """A subscription endpoint on this service."""
        return f"{self.origin}/push/{name}"

    def start(self) -> None:
        """Serve in a thread."""
        self._thread.start()

    def stop(self) -> None:
        """Stop serving."""
        self._server.shutdown()
        self._server.server_close()


@contextmanager
def fake_push_service() -> Iterator[FakePushService]:
    """A running ``FakePushService``, stopped afterwards."""
    service = FakePushService()
    service.start()
    try:
        yield service
    finally:
        service.stop()
