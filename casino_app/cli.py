"""Operational commands: ``python -m casino_app.cli <command>``.

prepare   start the database if embedded, migrate to head, seed demo data
migrate   migrate to head
seed      seed demo data (idempotent)
db-url    print the resolved database URL
stop-db   stop the embedded PostgreSQL server
check     validate configuration and exit
banner    print the URL and the demo logins
"""

from __future__ import annotations

import argparse
import sys

from casino_app.settings import get_settings


def _prepare() -> None:
    from casino_app.core import migrations
    from casino_app.core.db import database_url, is_embedded
    from casino_app.services import seed

    url = database_url()
    migrations.upgrade(url)
    summary = seed.seed_demo_data()
    where = "embedded PostgreSQL" if is_embedded() else "DATABASE_URL"
    print(f"database ready ({where}); migrations at head; {summary}")


def _migrate() -> None:
    from casino_app.core import migrations
    from casino_app.core.db import database_url

    migrations.upgrade(database_url())
    print("migrations at head")


def _seed() -> None:
    from casino_app.services import seed

    print(seed.seed_demo_data())


def _db_url() -> None:
    from casino_app.core.db import database_url

    print(database_url())


def _stop_db() -> None:
    from casino_app.core import embedded_pg

    settings = get_settings()
    stopped = embedded_pg.stop_server(settings.absolute(settings.embedded_pg_dir))
    print("embedded PostgreSQL stopped" if stopped else "embedded PostgreSQL was not running")


def _check() -> None:
    settings = get_settings()
    print(f"configuration ok (APP_ENV={settings.app_env})")


def _banner() -> None:
    from casino_app.services import seed

    settings = get_settings()
    lines = ["", "  Casino-Club is running:  " + settings.resolved_public_url, ""]
    logins = seed.demo_logins()
    if logins:
        lines.append("  Demo logins:")
        lines += [f"    {role:<8} {site_id:<10} / {password}" for role, site_id, password in logins]
        lines.append("")
    print("\n".join(lines), flush=True)


COMMANDS = {
    "banner": _banner,
    "prepare": _prepare,
    "migrate": _migrate,
    "seed": _seed,
    "db-url": _db_url,
    "stop-db": _stop_db,
    "check": _check,
}


def main(argv: list[str] | None = None) -> int:
    """Run one command; configuration errors exit non-zero with the variable named."""
    parser = argparse.ArgumentParser(prog="python -m casino_app.cli", description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=sorted(COMMANDS))
    args = parser.parse_args(argv)
    get_settings()  # fail fast on a bad environment before touching anything
    COMMANDS[args.command]()
    return 0


if __name__ == "__main__":
    sys.exit(main())
