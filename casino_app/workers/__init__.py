"""Background jobs: Celery app and beat schedule, with an in-process fallback."""
