"""Request keys for game rounds: made in the browser per click, checked on the server."""

from __future__ import annotations

import uuid

import reflex as rx

# A fresh key per click, made in the browser (works without a secure context too).
CLICK_KEY = rx.Var(
    _js_expr="((typeof crypto !== 'undefined' && crypto.randomUUID) ? crypto.randomUUID()"
    " : Date.now().toString(36) + Math.random().toString(36).slice(2))",
    _var_type=str,
)


def _valid_key(key: str) -> str:
    key = str(key)[:64]
    return key if key and all(ch.isalnum() or ch in "-_" for ch in key) else uuid.uuid4().hex


def valid_key(key: str) -> str:
    """The browser's key if it is a plain token, else a fresh one (a replay needs the same click's key)."""
    key = str(key)[:64]
    return key if key and all(ch.isalnum() or ch in "-_" for ch in key) else uuid.uuid4().hex
