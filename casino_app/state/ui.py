"""UI preferences held in the browser: language, sound and background music. No business data here."""

from __future__ import annotations

import reflex as rx

from casino_app.i18n import CATALOGS, DEFAULT_LOCALE


class UIState(rx.State):
    """Language, sound and music toggles, persisted in localStorage and synced across tabs."""

    lang: str = rx.LocalStorage(DEFAULT_LOCALE, name="cc_lang", sync=True)
    sound: str = rx.LocalStorage("on", name="cc_sound", sync=True)
    music: str = rx.LocalStorage("off", name="cc_music", sync=True)  # background music: off unless turned on

    @rx.var
    def locale(self) -> str:
        """The active locale (anything unknown falls back to Korean)."""
        return self.lang if self.lang in CATALOGS else DEFAULT_LOCALE

    # Empty in the page's initial state (the whole catalog there cost every page ~52 KB of gzip JS): text with a
    # fixed key is compiled into the page by ``tr``; only keys built at run time from data (rarity names, row
    # kinds) read this, and those render after the data has arrived with the hydration that fills it.
    @rx.var(initial_value={})
    def messages(self) -> dict[str, str]:
        """The whole catalog of the active locale, for keys built at run time from data."""
        return CATALOGS[self.locale]

    @rx.var
    def sound_on(self) -> bool:
        """Whether sound effects play."""
        return self.sound != "off"

    @rx.var
    def music_on(self) -> bool:
        """Whether the player turned background music on."""
        return self.music == "on"

    @rx.var
    def music_playing(self) -> bool:
        """Music plays only while both music and sound are on (``window.ccMusic``, /js/cc-sound.js)."""
        return self.music == "on" and self.sound != "off"

    @rx.event
    def toggle_language(self) -> None:
        """Switch between Korean and English (the page mirrors it on <html lang>)."""
        self.lang = "en" if self.locale == "ko" else "ko"

    @rx.event
    def toggle_sound(self) -> None:
        """Turn sound effects on or off."""
        self.sound = "off" if self.sound_on else "on"

    @rx.event
    def toggle_music(self) -> None:
        """Turn background music on or off."""
        self.music = "off" if self.music_on else "on"


def tr(key: str) -> rx.Var:
    """The translated text for ``key`` as a reactive Var (fails fast on unknown keys): both languages' texts are
    compiled into the page and the active locale picks one, so a page carries only the text it uses."""
    if key not in CATALOGS[DEFAULT_LOCALE]:
        raise KeyError(f"missing i18n key: {key}")
    english = CATALOGS["en"].get(key, CATALOGS[DEFAULT_LOCALE][key])
    return rx.cond(UIState.locale == "en", english, CATALOGS[DEFAULT_LOCALE][key]).to(str)


def tr_prefix(prefix: str) -> rx.Var:
    """Every text whose key starts with ``prefix``, as a dict Var in the active locale (compiled into the page, like
    ``tr``), for client code that looks names up by a value it receives (e.g. slot symbols)."""
    by_locale = {
        locale: {key: text for key, text in CATALOGS[locale].items() if key.startswith(prefix)}
        for locale in ("ko", "en")
    }
    return rx.cond(UIState.locale == "en", by_locale["en"], by_locale["ko"])


def tr_by(prefix: str, suffix: rx.Var) -> rx.Var:
    """The text of key ``prefix + suffix`` where ``suffix`` is a Var (a chosen tab, a status): the texts under
    ``prefix`` are compiled into the page, so it shows at first paint, before the hydration that fills
    ``UIState.messages``."""
    return tr_prefix(prefix).to(dict)[prefix + suffix].to(str)


class _Messages:
    """``M["key"]``: a fixed key compiles like ``tr``; a key built from a Var reads ``UIState.messages`` (filled by
    the hydration that brings the data the key comes from)."""

    def __getitem__(self, key: str | rx.Var) -> rx.Var:
        return tr(key) if isinstance(key, str) else UIState.messages[key]


MESSAGES = _Messages()
