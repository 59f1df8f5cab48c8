"""Reusable neon UI pieces: layout shell, header, navigation, cards."""
