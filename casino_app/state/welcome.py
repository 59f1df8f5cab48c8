"""The welcome after signup: home opened with ``?welcome=1`` greets the new player and points at the first steps."""

from __future__ import annotations

import reflex as rx


class WelcomeState(rx.State):
    """Whether home shows the welcome banner (only right after signup, until dismissed)."""

    show: bool = False

    @rx.event
    def load(self) -> None:
        """Read the signup redirect's ``welcome`` flag."""
        self.show = self.router.url.query_parameters.get("welcome", "") == "1"

    @rx.event
    def dismiss(self) -> None:
        """Hide the banner."""
        self.show = False
