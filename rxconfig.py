"""Reflex configuration, derived from casino_app settings (see .env.example)."""

import reflex as rx

from casino_app.components.theme import PALETTE
from casino_app.settings import get_settings

settings = get_settings()

config = rx.Config(
    app_name="casino_app",
    # The database is wired by casino_app.core.db (DATABASE_URL, else embedded PostgreSQL) and migrated
    # by our own Alembic env; Reflex's db_url/`reflex db` tooling is deliberately unused (docs/adr/0002).
    redis_url=settings.redis_url,
    frontend_port=settings.app_port,
    backend_port=settings.app_port,
    api_url=settings.resolved_public_url,
    deploy_url=settings.resolved_public_url,
    show_built_with_reflex=False,
    telemetry_enabled=False,
    plugins=[
        rx.plugins.RadixThemesPlugin(
            # No background of its own: the body's neon gradient (assets/styles/neon.css) shows through.
            theme=rx.theme(
                appearance="dark",
                accent_color="pink",
                gray_color="mauve",
                radius="large",
                scaling="100%",
                has_background=False,
            ),
        ),
        rx.plugins.SitemapPlugin(),
    ],
    cors_allowed_origins=settings.allowed_origins,
    # One proxy-trust setting for REST (api/deps.py) and the websocket (client IPs for limits and sessions).
    trusted_proxy_hops=settings.trusted_proxy_count,
)

assert PALETTE  # tokens import early so a broken theme fails at config load, not mid-build
