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
    if not by_locale[DEFAULT_LOCALE]:
        raise KeyError(f"no i18n key starts with {prefix!r}")
    return rx.cond(UIState.locale == "en", by_locale["en"], by_locale["ko"])


def tr_by(prefix: str, suffix: rx.Var | str) -> rx.Var:
    """The text of key ``prefix + suffix`` where ``suffix`` is a Var (a chosen tab, a status, a row's kind): the
    texts under ``prefix`` are compiled into the page, so it shows at first paint and no catalog travels with the
    state. A plain string suffix is a fixed key (``tr``, checked when the page compiles)."""
    if isinstance(suffix, str):
        return tr(prefix + suffix)
    return tr_prefix(prefix).to(dict)[prefix + suffix].to(str)


def tr_in(prefix: str, key: rx.Var) -> rx.Var:
    """The text of ``key``, a Var holding a whole key that starts with ``prefix`` (a form's error key), looked up
    among the texts under ``prefix``, compiled into the page like ``tr_by``'s."""
    return tr_prefix(prefix).to(dict)[key].to(str)


class _Messages:
    """``M["key"]``: ``tr`` by subscript, for pages that name many fixed keys. A key built at run time goes through
    ``tr_by`` or ``tr_in``, which say which texts the page needs (the state never carries the catalog)."""

    def __getitem__(self, key: str) -> rx.Var:
        if not isinstance(key, str):
            raise TypeError("M[...] takes a fixed key; a key built from a Var goes through tr_by or tr_in")
        return tr(key)


MESSAGES = _Messages()
