"""Demo data for a fresh install (idempotent: re-running changes nothing)."""

from __future__ import annotations

from collections.abc import Callable

# Each seeder returns a short summary; later domains append theirs.
SEEDERS: list[Callable[[], str]] = []


def seed_demo_data() -> str:
    """Run every registered seeder and summarise what exists."""
    parts = [seeder() for seeder in SEEDERS]
    return "; ".join(parts) if parts else "nothing to seed"


def demo_logins() -> list[tuple[str, str, str]]:
    """(role, site id, password) of every seeded demo account, for the run banner."""
    return [login for provider in LOGIN_PROVIDERS for login in provider()]


LOGIN_PROVIDERS: list[Callable[[], list[tuple[str, str, str]]]] = []
