"""Operational commands: ``python -m casino_app.cli <command>``.

prepare       start the database if embedded, migrate to head, first admin, demo data
bootstrap     migrate to head and create the first admin from BOOTSTRAP_ADMIN_PASSWORD (production)
create-admin  create a staff admin interactively (site ID argument, password prompted twice)
staff-create  create a staff account: staff-create --role support|operator|admin <site_id> (password prompted
              twice, or one line from stdin with --password-stdin)
migrate       migrate to head
reseal-seeds  re-encrypt unrevealed server seeds under the first SEED_ENCRYPTION_KEY (key rotation)
seed          seed demo data (idempotent; refused in production)
db-url        print the resolved database URL
stop-db       stop the embedded PostgreSQL server
check         validate configuration and exit
banner        print the URL and the demo site IDs (never a password)
economy-sim   simulate new players' gold for 30 days (--days --players --seed --profile --live; docs/economy.md)
segments-run  compute RFM groups and protective flags now (the nightly 04:00 KST job)
crash-loop    contend for the crash round loop and run it while leading (until SIGTERM/SIGINT; needs REDIS_URL,
              --local runs without it, for tests: its live state then stays in that process)
crash-chain   publish the crash hash chain if none exists and print its terminating hash
"""

from __future__ import annotations

import argparse
import sys

from casino_app.settings import get_settings


def _prepare() -> None:
    from casino_app.core import migrations
    from casino_app.core.db import database_url, is_embedded
    from casino_app.services import seed
    from casino_app.services.accounts import staff_bootstrap

    url = database_url()
    migrations.upgrade(url)
    admin = staff_bootstrap.ensure_bootstrap_admin()
    _disable_default_credentials_in_production()
    summary = seed.seed_demo_data()
    chain = _publish_crash_chain()
    where = "embedded PostgreSQL" if is_embedded() else "DATABASE_URL"
    print(f"database ready ({where}); migrations at head; {admin}; {summary}; crash chain {chain}")


def _publish_crash_chain() -> str:
    """Create the crash hash chain if there is none, so its terminating hash exists before any round."""
    from casino_app.core.db import session_scope
    from casino_app.services.crash import chains

    with session_scope() as db:
        row = chains.ensure_active(db)
        return f"{row.id} ends in {row.terminating_hash[:12]}…"


def _bootstrap() -> None:
    from casino_app.core import migrations
    from casino_app.core.db import database_url
    from casino_app.services.accounts import staff_bootstrap

    migrations.upgrade(database_url())
    print(f"migrations at head; {staff_bootstrap.ensure_bootstrap_admin()}; crash chain {_publish_crash_chain()}")
    _disable_default_credentials_in_production()
    if not _olap_is_embedded():  # chdb's schema is applied by the process that opens it (the app)
        _olap_migrate()


def _olap_is_embedded() -> bool:
    from casino_app.services.olap import client

    return client.describe(client.olap_url())["kind"] == "chdb"


def _olap_migrate() -> None:
    """Bring the OLAP schema to the newest version (also done by whichever process opens the store first)."""
    from casino_app.services.olap import client, schema

    client.get_client()  # applies what is missing
    where = client.describe(client.olap_url())
    print(f"OLAP schema at version {schema.head()} ({where['kind']})")


def _disable_default_credentials_in_production() -> None:
    """A production database that once had demo data or a default admin password: those accounts stop now."""
    from casino_app.services.accounts import staff_bootstrap

    if get_settings().app_env != "production":
        return
    disabled = staff_bootstrap.disable_default_credentials()
    if disabled:
        print(
            f"WARNING: accounts with a default or demo password were DISABLED: {', '.join(disabled)}", file=sys.stderr
        )


def _create_admin(site_id: str | None) -> None:
    import getpass

    from casino_app.core.errors import AppError
    from casino_app.services.accounts import staff_bootstrap

    if not site_id:
        raise SystemExit("usage: python -m casino_app.cli create-admin <site_id>")
    first = getpass.getpass(f"password for {site_id}: ")
    if getpass.getpass("repeat: ") != first:
        raise SystemExit("the passwords differ; nothing was created")
    try:
        staff_bootstrap.create_admin(site_id, first)
    except (AppError, ValueError) as exc:
        raise SystemExit(f"not created: {exc}") from None
    print(f"admin {site_id} created")


def _staff_create(site_id: str | None, role: str | None, password_stdin: bool) -> None:
    import getpass

    from casino_app.core.errors import AppError
    from casino_app.services.accounts import staff_bootstrap

    if not site_id or not role:
        raise SystemExit("usage: python -m casino_app.cli staff-create --role support|operator|admin <site_id>")
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass(f"password for {site_id}: ")
        if getpass.getpass("repeat: ") != password:
            raise SystemExit("the passwords differ; nothing was created")
    try:
        staff_bootstrap.create_staff(site_id, password, role)
    except (AppError, ValueError) as exc:
        raise SystemExit(f"not created: {exc}") from None
    print(f"{role} {site_id} created")


def _migrate() -> None:
    from casino_app.core import migrations
    from casino_app.core.db import database_url

    migrations.upgrade(database_url())
    print("migrations at head")


def _seed() -> None:
    from casino_app.services import seed

    if not get_settings().demo_data:
        raise SystemExit("demo data is off (SEED_DEMO_DATA=false, or APP_ENV=production); nothing seeded")
    print(seed.seed_demo_data())


def _reseal_seeds() -> None:
    from casino_app.services.fairness import seeds

    print(f"{seeds.reseal_all()} server seeds re-encrypted under the newest key")


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
        # Site IDs only: a start banner ends up in logs, so it never prints a password.
        lines.append("  Demo accounts (passwords: DEMO_*_PASSWORD in .env.example):")
        lines += [f"    {role:<8} {site_id}" for role, site_id in logins]
        lines.append("")
    print("\n".join(lines), flush=True)


def _segments_run() -> None:
    from casino_app.services.care import segments

    result = segments.run()
    groups = ", ".join(f"{name} {count}" for name, count in result.groups.items())
    flags = ", ".join(f"{name} {count}" for name, count in result.flags.items())
    print(f"{result.players} players ({result.flagged} flagged; {result.removed} rows removed): {groups}; {flags}")


def _economy_sim(argv: list[str]) -> int:
    from casino_app.services.economy import inputs, profiles, report, sim

    parser = argparse.ArgumentParser(
        prog="python -m casino_app.cli economy-sim",
        description="Simulate new players with the published behaviour profiles (docs/economy.md).",
    )
    parser.add_argument("--days", type=int, default=30, help="days from signup (1–366; default 30)")
    parser.add_argument("--players", type=int, default=200, help="players, split by profile share (default 200)")
    parser.add_argument("--seed", type=int, default=11, help="the run's seed (default 11)")
    parser.add_argument("--profile", choices=[p.key for p in profiles.PROFILES], help="only this profile")
    parser.add_argument("--live", action="store_true", help="the versions active in the database, not the shipped ones")
    args = parser.parse_args(argv)
    threshold = get_settings().economy_inflation_alert_pct
    chosen = (profiles.by_key(args.profile),) if args.profile else profiles.PROFILES
    source = inputs.live() if args.live else inputs.shipped()
    try:
        drawn, luck_free = (
            sim.run(source, days=args.days, players=args.players, seed=args.seed, profiles=chosen, luck_free=luck)
            for luck in (False, True)
        )
    except ValueError as exc:
        raise SystemExit(str(exc)) from None
    print(report.render(drawn, luck_free, threshold))
    return 0


def _crash_loop(local: bool = False) -> None:
    import signal
    import threading

    from casino_app.services.crash import loop

    if not get_settings().redis_url and not local:
        # Without Redis the leader's live state stays in its own memory: the serving process would answer every
        # bet with 503. Embedded mode runs the loop inside the app process instead.
        raise SystemExit("crash-loop needs REDIS_URL (embedded mode runs the loop in the app process)")

    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    print(f"crash loop contender {loop.leader_name()} started", flush=True)
    loop.run(stop)


def _crash_chain() -> None:
    from casino_app.core.db import session_scope
    from casino_app.services.crash import chains

    with session_scope() as db:
        chains.ensure_active(db)
    found = chains.published()
    assert found is not None
    print(f"chain {found.id}: {found.length} hashes, {found.rounds} rounds played")
    print(f"terminating hash: {found.terminating_hash}")


COMMANDS = {
    "banner": _banner,
    "bootstrap": _bootstrap,
    "prepare": _prepare,
    "migrate": _migrate,
    "reseal-seeds": _reseal_seeds,
    "seed": _seed,
    "db-url": _db_url,
    "stop-db": _stop_db,
    "check": _check,
    "segments-run": _segments_run,
    "crash-loop": _crash_loop,
    "crash-chain": _crash_chain,
    "olap-migrate": _olap_migrate,
}


def main(argv: list[str] | None = None) -> int:
    """Run one command; configuration errors exit non-zero with the variable named."""
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["crash-loop"] and argv[1:] == ["--local"]:  # tests: a contender without Redis
        get_settings()
        _crash_loop(local=True)
        return 0
    if argv[:1] == ["economy-sim"]:  # has options of its own
        get_settings()
        return _economy_sim(argv[1:])
    parser = argparse.ArgumentParser(prog="python -m casino_app.cli", description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=sorted([*COMMANDS, "create-admin", "staff-create", "economy-sim"]))
    parser.add_argument("site_id", nargs="?", help="create-admin, staff-create: the new account's site ID")
    parser.add_argument("--role", choices=["support", "operator", "admin"], help="staff-create: the staff role")
    parser.add_argument("--password-stdin", action="store_true", help="staff-create: read the password from stdin")
    args = parser.parse_intermixed_args(argv)  # options may come before or after the site ID
    get_settings()  # fail fast on a bad environment before touching anything
    if args.command == "create-admin":
        _create_admin(args.site_id)
    elif args.command == "staff-create":
        _staff_create(args.site_id, args.role, args.password_stdin)
    else:
        COMMANDS[args.command]()
    return 0


if __name__ == "__main__":
    sys.exit(main())
