"""Grafana dashboards for Casino-Club, generated from Python (``python -m deploy.grafana``; see ``build``)."""
