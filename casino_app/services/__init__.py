"""The domain: pure Python business rules. Never imports reflex (a test enforces it)."""
