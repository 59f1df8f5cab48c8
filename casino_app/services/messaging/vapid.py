"""VAPID (RFC 8292): the key that signs every web push, its public half for browsers, the signed header.

``VAPID_PRIVATE_KEY`` (PEM, or the raw 32-byte P-256 scalar in base64url) wins; without it a key is
generated once into ``DATA_DIR/vapid_private_key.pem`` (``core.local_secret``), so every process of one
node signs with the same key. Browsers bind a subscription to the public key they were given: changing the
key invalidates every subscription (the push services answer 401/403/410 and the player subscribes again).
"""

from __future__ import annotations

import base64
import functools
import time
from pathlib import Path
from urllib.parse import urlsplit

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from py_vapid import Vapid02

from casino_app.core import local_secret
from casino_app.settings import get_settings

KEY_FILE = "vapid_private_key.pem"
TOKEN_TTL_SECONDS = 12 * 3600  # RFC 8292: at most 24 hours; push services reject longer ones
FALLBACK_SUBJECT = "mailto:webpush@localhost"


def b64url(data: bytes) -> str:
    """Unpadded base64url, the encoding of every web-push key on the wire."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    """Inverse of ``b64url`` (padding optional); ``ValueError`` for anything else."""
    if not text or any(ch not in _B64URL for ch in text):
        raise ValueError("not base64url")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


_B64URL = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=")


def parse_private_key(value: str) -> ec.EllipticCurvePrivateKey:
    """A P-256 private key from PEM text or a base64url raw scalar; ``ValueError`` when it is neither."""
    text = value.strip()
    try:
        if text.startswith("-----BEGIN"):
            key = serialization.load_pem_private_key(text.encode("ascii"), password=None)
        else:
            raw = b64url_decode(text)
            if len(raw) != 32:
                raise ValueError("a raw VAPID key is 32 bytes")
            key = ec.derive_private_key(int.from_bytes(raw, "big"), ec.SECP256R1())
    except (TypeError, UnicodeEncodeError) as exc:
        raise ValueError(str(exc)) from None
    if not isinstance(key, ec.EllipticCurvePrivateKey) or not isinstance(key.curve, ec.SECP256R1):
        raise ValueError("VAPID needs an EC P-256 key")
    return key


def _generate_pem() -> bytes:
    key = ec.generate_private_key(ec.SECP256R1())
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


@functools.lru_cache(maxsize=4)
def _load(configured: str | None, path: str) -> ec.EllipticCurvePrivateKey:
    if configured is not None:
        return parse_private_key(configured)
    return parse_private_key(local_secret.persisted(Path(path), _generate_pem).decode("ascii"))


def private_key() -> ec.EllipticCurvePrivateKey:
    """The signing key (settings first, else the one persisted in the data dir)."""
    settings = get_settings()
    configured = settings.vapid_private_key.get_secret_value() if settings.vapid_private_key else None
    return _load(configured, str(settings.absolute(settings.data_dir) / KEY_FILE))


def public_key() -> str:
    """The ``applicationServerKey`` browsers subscribe with: the uncompressed P-256 point, base64url."""
    point = (
        private_key()
        .public_key()
        .public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    )
    return b64url(point)


def subject() -> str:
    """``VAPID_SUBJECT``, else ``PUBLIC_URL`` when it is https, else a local mailto (development only)."""
    settings = get_settings()
    if settings.vapid_subject:
        return settings.vapid_subject
    public = settings.resolved_public_url
    return public if public.startswith("https://") else FALLBACK_SUBJECT


def authorization(endpoint: str, *, now: float | None = None) -> str:
    """The ``Authorization: vapid t=<JWT>, k=<public key>`` value for a push to ``endpoint``.

    The JWT (ES256) names the endpoint's origin as ``aud``, expires in 12 hours and carries ``sub``.
    """
    parts = urlsplit(endpoint)
    claims = {
        "aud": f"{parts.scheme}://{parts.netloc}",
        "exp": int(now if now is not None else time.time()) + TOKEN_TTL_SECONDS,
        "sub": subject(),
    }
    signer = Vapid02(private_key(), conf={"no-strict": True})  # our own sub rule (settings) already holds
    return str(signer.sign(claims)["Authorization"])
