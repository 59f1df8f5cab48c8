"""Demo data for a fresh install (idempotent: re-running changes nothing). Off with SEED_DEMO_DATA=false."""

from __future__ import annotations

from casino_app.settings import get_settings


def seed_demo_data() -> str:
    """Run every domain's seeder and summarise what was created."""
    if not get_settings().seed_demo_data:
        return "demo data disabled (SEED_DEMO_DATA=false)"
    from casino_app.services.accounts import demo

    return "; ".join([demo.seed_accounts()])


def demo_logins() -> list[tuple[str, str, str]]:
    """(role, site id, password) of every seeded demo account, for the run banner."""
    if not get_settings().seed_demo_data:
        return []
    from casino_app.services.accounts import demo

    return demo.logins()
