"""``python -m deploy.grafana [--check]``: write the dashboards' JSON, or report drift."""

from deploy.grafana.build import main

raise SystemExit(main())
