"""Reflex State classes: thin view-models that call services. Only the app module imports these."""
