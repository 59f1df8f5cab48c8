"""UI preferences held in the browser: language and sound. No business data here."""

from __future__ import annotations

import reflex as rx

from casino_app.i18n import CATALOGS, DEFAULT_LOCALE


class UIState(rx.State):
    """Language and sound toggles, persisted in localStorage and synced across tabs."""

    lang: str = rx.LocalStorage(DEFAULT_LOCALE, name="cc_lang", sync=True)
    sound: str = rx.LocalStorage("on", name="cc_sound", sync=True)

    @rx.var
    def locale(self) -> str:
        """The active locale (anything unknown falls back to Korean)."""
        return self.lang if self.lang in CATALOGS else DEFAULT_LOCALE

    @rx.var
    def messages(self) -> dict[str, str]:
        """The whole catalog of the active locale; components index it by key."""
        return CATALOGS[self.locale]

    @rx.var
    def sound_on(self) -> bool:
        """Whether sound effects play."""
        return self.sound != "off"

    @rx.event
    def toggle_language(self) -> None:
        """Switch between Korean and English (the page mirrors it on <html lang>)."""
        self.lang = "en" if self.locale == "ko" else "ko"

    @rx.event
    def toggle_sound(self) -> None:
        """Turn sound effects on or off."""
        self.sound = "off" if self.sound_on else "on"


def tr(key: str) -> rx.Var:
    """The translated text for ``key`` as a reactive Var (fails fast on unknown keys)."""
    if key not in CATALOGS[DEFAULT_LOCALE]:
        raise KeyError(f"missing i18n key: {key}")
    return UIState.messages[key]
