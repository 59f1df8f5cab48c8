# Casino-Club F2P — the two commands are `make run` and `make test`.
SHELL := /usr/bin/env bash
.DEFAULT_GOAL := help

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

run: ## set up everything and serve the production app on http://localhost:3000
	@scripts/run.sh

dev: ## hot-reload development server
	@scripts/run.sh --dev

test: ## install what tests need and run lint, unit, integration and E2E suites
	@scripts/test.sh

lint: ## ruff check + format check
	@scripts/bootstrap.sh --dev && source scripts/env.sh && ruff check . && ruff format --check .

openapi: ## re-export openapi.json after changing the API
	@scripts/bootstrap.sh && source scripts/env.sh && python -m casino_app.api.openapi_export

bench: ## run the benchmark scripts under tests/bench (they print their figures)
	@scripts/bench.sh

stop: ## stop the embedded PostgreSQL server
	@source scripts/env.sh && python -m casino_app.cli stop-db

.PHONY: help run dev test lint openapi bench stop
