"""Demo data for a fresh install (idempotent: re-running changes nothing).

Off with SEED_DEMO_DATA=false, and always off in production: the settings
refuse to start production with it on, and ``seed_demo_data`` checks again.
"""

from __future__ import annotations

from casino_app.settings import get_settings


def seed_demo_data() -> str:
    """Run every domain's seeder and summarise what was created."""
    settings = get_settings()
    if not settings.demo_data or settings.app_env == "production":
        return "demo data disabled"
    from casino_app.services.accounts import demo
    from casino_app.services.battlepass import demo as battlepass_demo
    from casino_app.services.events import demo as events_demo
    from casino_app.services.shop import demo as shop_demo
    from casino_app.services.stories import demo as stories_demo

    admin = settings.demo_admin_site_id
    return "; ".join(
        [
            demo.seed_accounts(),
            shop_demo.seed_products(admin),
            events_demo.seed_events(),
            battlepass_demo.seed_season(admin),
            stories_demo.seed_story_pack(admin),
        ]
    )


def demo_logins() -> list[tuple[str, str]]:
    """(role, site id) of every seeded demo account, for the run banner (passwords are never printed)."""
    if not get_settings().demo_data:
        return []
    from casino_app.services.accounts import demo

    return demo.logins()
