"""Access JWTs (PyJWT, HS256 only) and opaque refresh tokens (stored as SHA-256 only)."""

from __future__ import annotations

import functools
import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import jwt
from sqlmodel import Session

from casino_app.core import clock, local_secret
from casino_app.core.errors import Unauthorized
from casino_app.models.accounts import RefreshToken
from casino_app.settings import get_settings

ALGORITHM = "HS256"
ACCESS_TYPE = "access"
REQUIRED_CLAIMS = ("exp", "iat", "sub", "jti", "typ", "sid")
REFRESH_PREFIX = "ccrt_"


@dataclass(frozen=True)
class AccessClaims:
    """The verified claims of an access token."""

    user_id: int
    session_id: uuid.UUID
    jti: str
    expires_at: datetime


@functools.cache
def signing_key() -> str:
    """``JWT_SECRET``; outside production, a random key persisted once in ``DATA_DIR/jwt_secret``."""
    settings = get_settings()
    if settings.jwt_secret is not None:
        return settings.jwt_secret.get_secret_value()
    path = settings.absolute(settings.data_dir) / "jwt_secret"
    return local_secret.persisted(path, lambda: secrets.token_urlsafe(48).encode("ascii")).decode("ascii")


def issue_access_token(user_id: int, session_id: uuid.UUID) -> tuple[str, AccessClaims]:
    """A signed access token for ``user_id`` in ``session_id`` (30 minutes by default)."""
    settings = get_settings()
    issued = clock.now()
    expires = issued + timedelta(minutes=settings.access_token_ttl_minutes)
    jti = str(uuid.uuid4())
    payload = {
        "iss": settings.jwt_issuer,
        "sub": str(user_id),
        "sid": str(session_id),
        "jti": jti,
        "typ": ACCESS_TYPE,
        "iat": int(issued.timestamp()),
        "exp": int(expires.timestamp()),
    }
    token = jwt.encode(payload, signing_key(), algorithm=ALGORITHM)
    return token, AccessClaims(user_id, session_id, jti, expires.replace(microsecond=0))


# Tokens whose signature, algorithm, issuer and required claims this process has verified, with the claims
# read below: a request repeats its token, and verifying an HS256 JWT is most of what authenticating a cached
# session costs. Keyed by the signing key and issuer too, so a new key or issuer verifies again; the time
# claims and the type are checked on every call. Bounded (about 1 KB an entry): cleared when full.
_verified: dict[tuple[str, str, str], tuple[Any, Any, Any, Any, Any, Any]] = {}
VERIFIED_MAX_ENTRIES = 10_000


def _verified_claims(token: str) -> tuple[Any, Any, Any, Any, Any, Any]:
    """``(exp, iat, typ, sub, sid, jti)`` of a token whose signature verifies (PyJWT's errors otherwise)."""
    settings = get_settings()
    cache_key = (signing_key(), settings.jwt_issuer, token)
    claims = _verified.get(cache_key)
    if claims is None:
        payload = jwt.decode(
            token,
            cache_key[0],
            algorithms=[ALGORITHM],
            issuer=settings.jwt_issuer,
            # Time claims are checked by the caller against the business clock (tests move it), not the wall clock.
            options={"require": list(REQUIRED_CLAIMS), "verify_exp": False, "verify_iat": False},
        )
        claims = (payload["exp"], payload["iat"], payload["typ"], payload["sub"], payload["sid"], payload["jti"])
        if len(_verified) >= VERIFIED_MAX_ENTRIES:
            _verified.clear()
        _verified[cache_key] = claims
    return claims


def decode_access_token(token: str) -> AccessClaims:
    """Verify signature, algorithm, issuer, expiry and required claims; any failure is 401."""
    try:
        exp, iat, typ, sub, sid, jti = _verified_claims(token)
        now = int(clock.now().timestamp())
        if not isinstance(exp, int) or not isinstance(iat, int):
            raise jwt.InvalidTokenError("exp and iat must be integers")
        if exp <= now:
            raise jwt.ExpiredSignatureError("expired")
        if iat > now + 60:
            raise jwt.ImmatureSignatureError("issued in the future")
        if typ != ACCESS_TYPE:
            raise jwt.InvalidTokenError("not an access token")
        return AccessClaims(
            user_id=int(sub),
            session_id=uuid.UUID(sid),
            jti=str(jti),
            expires_at=datetime.fromtimestamp(exp, tz=clock.now().tzinfo),
        )
    except jwt.ExpiredSignatureError:
        raise Unauthorized(code="TOKEN_EXPIRED") from None
    except (jwt.InvalidTokenError, ValueError, KeyError, TypeError):
        raise Unauthorized(code="TOKEN_INVALID") from None


def issue_family_token(db: Session, session_id: uuid.UUID, purpose: str, now: datetime) -> str:
    """Store a new token of ``purpose`` for the session's family (hash only); return the token itself."""
    token, token_hash = new_refresh_token()
    db.add(RefreshToken(session_id=session_id, token_hash=token_hash, purpose=purpose, created_at=now))
    return token


def new_refresh_token() -> tuple[str, str]:
    """A fresh opaque refresh token and the hash that is stored instead of it."""
    token = REFRESH_PREFIX + secrets.token_urlsafe(32)
    return token, hash_refresh_token(token)


def hash_refresh_token(token: str) -> str:
    """SHA-256 hex of a refresh token (tokens have 256 bits of entropy, so no salt is needed)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
