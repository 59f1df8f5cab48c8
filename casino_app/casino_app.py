"""The Reflex app: theme, pages, the mounted REST API and lifespan tasks."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

import reflex as rx
from reflex.utils import prerequisites
from reflex_base import constants
from starlette.types import ASGIApp

from casino_app.api import edge
from casino_app.api.app import create_api
from casino_app.components.celebration import SCRIPT as CELEBRATE_SCRIPT
from casino_app.components.celebration import STYLESHEET as CELEBRATE_STYLESHEET
from casino_app.components.overlay_view import STYLESHEET as OVERLAY_STYLESHEET
from casino_app.components.theme import CLIENT_SCRIPT, FONT_STYLESHEET, STYLESHEET, root_css
from casino_app.core import heap, metrics
from casino_app.core.logging import configure_logging, log_frontend_exception
from casino_app.i18n import DEFAULT_LOCALE
from casino_app.pages import register_pages
from casino_app.settings import PROJECT_ROOT, get_settings
from casino_app.state.connection_guard import FreshConnectionMiddleware
from casino_app.state.game_catalog import game_keys
from casino_app.state.realtime import run_delivery

configure_logging()

SHOP_STYLESHEET = "/styles/shop.css"
SOUND_SCRIPT = "/js/cc-sound.js"
REACH_STYLESHEET = "/styles/reach.css"  # the "more" sheet, safe-area padding, live form and verdict styles
FIRST_SESSION_STYLESHEET = "/styles/first_session.css"  # welcome dialog, 7-day track, empty states
LANDING_STYLESHEET = "/styles/landing.css"  # the animated hero, games on offer, live hub, tool links


def _check_reflex_config() -> None:
    """Refuse to start when Reflex's own settings undo ours (e.g. a stray REFLEX_TRUSTED_PROXY_HOPS)."""
    from casino_app.settings import ConfigError

    config = rx.config.get_config()
    settings = get_settings()
    if config.trusted_proxy_hops != settings.trusted_proxy_count:
        raise ConfigError(
            f"Reflex's trusted_proxy_hops ({config.trusted_proxy_hops}) differs from TRUSTED_PROXY_COUNT "
            f"({settings.trusted_proxy_count}); remove REFLEX_TRUSTED_PROXY_HOPS: one setting serves REST and socket"
        )
    if config.transport != "websocket":
        raise ConfigError("the Reflex event transport must be websocket (the session edge hashes cookies there)")


_check_reflex_config()


def _frontend_build_dir() -> Path:
    """Where the production build of the frontend is served from (its inline scripts get CSP hashes)."""
    return prerequisites.get_web_dir() / constants.Dirs.STATIC


def _edge(asgi: ASGIApp) -> ASGIApp:
    return edge.wrap(asgi, _frontend_build_dir)


def _game_stylesheets() -> list[str]:
    """``assets/styles/games/<game>.css`` of every registered game that has one."""
    folder = PROJECT_ROOT / "assets" / "styles" / "games"
    return [f"/styles/games/{key}.css" for key in game_keys() if (folder / f"{key}.css").exists()]


app = rx.App(
    stylesheets=[
        STYLESHEET,
        SHOP_STYLESHEET,
        REACH_STYLESHEET,
        CELEBRATE_STYLESHEET,
        FIRST_SESSION_STYLESHEET,
        LANDING_STYLESHEET,
        OVERLAY_STYLESHEET,  # only matches the OBS overlay pages
        *_game_stylesheets(),
    ],
    head_components=[
        # Served as-is (not bundled) so its relative unicode-range subset URLs resolve under /fonts/.
        rx.el.link(rel="stylesheet", href=FONT_STYLESHEET),
        rx.el.style(root_css()),
        rx.el.link(rel="icon", href="/favicon.ico", sizes="32x32"),
        rx.el.meta(name="theme-color", content="#07060d"),
        # viewport-fit=cover: phones report their safe areas (the tab bar pads itself above the home indicator).
        rx.el.meta(name="viewport", content="width=device-width, initial-scale=1, viewport-fit=cover"),
        # Sets <html lang> before first paint and defines the helpers client effects call.
        rx.el.script(src=CLIENT_SCRIPT),
        # Sound effects and music (window.ccSound, window.ccMusic), and the win celebrations' animation.
        rx.el.script(src=SOUND_SCRIPT),
        rx.el.script(src=CELEBRATE_SCRIPT),
    ],
    html_lang=DEFAULT_LOCALE,
    frontend_exception_handler=log_frontend_exception,
    # The REST API wraps Reflex's app; the edge (session cookie, security headers) wraps everything.
    api_transformer=[create_api(), _edge],
)
register_pages(app)
# Runs before every event: a connection that has not proved the session hydrates from a clean state.
app.add_middleware(FreshConnectionMiddleware(), index=0)


@contextlib.asynccontextmanager
async def _process_lifecycle() -> AsyncIterator[None]:
    """Per-worker start/stop: own every library logger (servers may have added handlers), settle the startup heap
    (``core.heap``); drop live metrics at exit."""
    configure_logging()
    heap.settle()
    try:
        yield
    finally:
        metrics.mark_process_dead()


app.register_lifespan_task(_process_lifecycle)
# Every backend process delivers realtime events (balance, notifications, feed) to its own tabs.
app.register_lifespan_task(run_delivery)

if get_settings().crash_loop:
    from casino_app.state.crash_loop import run_crash_loop

    # Every backend process contends for the crash round loop; the lease lets exactly one run it.
    app.register_lifespan_task(run_crash_loop)

if not get_settings().broker_url:
    from casino_app.workers.inprocess import run_scheduler

    # Embedded mode: one worker, so the in-process scheduler runs exactly once.
    app.register_lifespan_task(run_scheduler)
