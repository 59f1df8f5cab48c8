"""Infrastructure shared by services, API and workers: db, clock, logging, metrics."""
