"""Grafana dashboards: generated from Python with no drift, on metrics the app exports, PromQL promtool accepts."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from casino_app.settings import PROJECT_ROOT

build = pytest.importorskip("deploy.grafana.build", reason="grafana-foundation-sdk (requirements-dev.txt) missing")

GRAFANA = PROJECT_ROOT / "deploy" / "grafana"
DATASOURCES = yaml.safe_load((GRAFANA / "provisioning" / "datasources" / "datasources.yml").read_text("utf-8"))
PROVIDERS = yaml.safe_load((GRAFANA / "provisioning" / "dashboards" / "dashboards.yml").read_text("utf-8"))
# Grafana's own variables, replaced by a duration before promtool reads the expression.
GRAFANA_VARIABLES = {"$__rate_interval": "1m"}
METRIC = re.compile(r"\bcc_[a-z0-9_]+\b")


def _committed() -> dict[str, dict]:
    return {path.name: json.loads(path.read_text("utf-8")) for path in sorted(build.OUT_DIR.glob("*.json"))}


def _targets() -> list[tuple[str, str, str]]:
    """(dashboard file, panel title, expression) of every Prometheus query of every committed dashboard."""
    return [
        (name, panel["title"], target["expr"])
        for name, board in _committed().items()
        for panel in board["panels"]
        for target in panel["targets"]
        if target["datasource"]["type"] == "prometheus"
    ]


def _sql_targets() -> list[tuple[str, str]]:
    """(panel title, raw SQL) of every ClickHouse query of every committed dashboard."""
    return [
        (panel["title"], target["rawSql"])
        for board in _committed().values()
        for panel in board["panels"]
        for target in panel["targets"]
        if target["datasource"]["type"] == "grafana-clickhouse-datasource"
    ]


def _promql(expr: str) -> str:
    for variable, value in GRAFANA_VARIABLES.items():
        expr = expr.replace(variable, value)
    return expr


def test_the_committed_json_is_what_the_generator_produces() -> None:
    generated = build.dashboards()
    assert _committed() == generated, "deploy/grafana/dashboards is out of date: run scripts/grafana-dashboards.sh"
    assert build.drift() == []
    for name, board in generated.items():
        assert (build.OUT_DIR / name).read_text("utf-8") == build.render(board)  # byte for byte


def test_drift_names_a_changed_a_missing_and_a_stale_file(tmp_path: Path) -> None:
    build.write(tmp_path)
    assert build.drift(tmp_path) == []
    (tmp_path / "cc-http.json").write_text("{}\n", encoding="utf-8")
    (tmp_path / "cc-games.json").unlink()
    (tmp_path / "old.json").write_text("{}\n", encoding="utf-8")
    assert build.drift(tmp_path) == ["cc-games.json", "cc-http.json", "old.json"]
    build.write(tmp_path)
    assert build.drift(tmp_path) == []
    assert not (tmp_path / "old.json").exists()


def test_the_dashboards_and_the_panels_the_documents_name() -> None:
    boards = {board["uid"]: board for board in _committed().values()}
    assert set(boards) == {"cc-purchases", "cc-http", "cc-games", "cc-economy", "cc-olap"}
    titles = {uid: [panel["title"] for panel in board["panels"]] for uid, board in boards.items()}
    for name in ("Limited Buy Conversion %", "Limited Buy Error %", "Limited Buy Attempts vs Success"):
        assert name in titles["cc-purchases"]
    assert any(title.startswith("Auth Buy Conversion") for title in titles["cc-purchases"])
    assert "Latency p50 / p95 / p99" in titles["cc-http"]
    latency = next(p for p in boards["cc-http"]["panels"] if p["title"] == "Latency p50 / p95 / p99")
    assert [t["expr"].split(",")[0] for t in latency["targets"]] == [
        f"histogram_quantile({q}" for q in ("0.5", "0.95", "0.99")
    ]
    games = " ".join(t["expr"] for p in boards["cc-games"]["panels"] for t in p["targets"])
    assert "cc_game_rtp_realised_ratio" in games
    assert "cc_game_rtp_declared_ratio" in games
    economy = " ".join(t["expr"] for p in boards["cc-economy"]["panels"] for t in p["targets"])
    assert "cc_gold_net_injection_ratio" in economy
    for board in boards.values():
        ids = [panel["id"] for panel in board["panels"]]
        assert len(set(ids)) == len(ids), f"{board['uid']}: panel ids repeat"
        assert all(panel["description"] for panel in board["panels"])


def _exported_series() -> set[str]:
    """Every series name ``/metrics`` can carry: the process registry's families and the scrape-time gauges."""
    from prometheus_client import REGISTRY

    from casino_app.core import metrics  # noqa: F401  registers the app's counters, gauges and histograms
    from casino_app.services import ops_metrics

    suffixes = {"counter": ("_total", "_created"), "histogram": ("_bucket", "_sum", "_count", "_created")}
    families = list(REGISTRY.collect())
    families += ops_metrics.families(ops_metrics.Snapshot(ok=dict.fromkeys(ops_metrics.SECTIONS, True)))
    names: set[str] = set()
    for family in families:
        names.add(family.name)
        names.update(family.name + suffix for suffix in suffixes.get(family.type, ()))
    return names


def test_every_query_reads_metrics_the_app_exports() -> None:
    exported = _exported_series()
    targets = _targets()
    assert len(targets) > 30
    for name, title, expr in targets:
        used = set(METRIC.findall(expr))
        assert used, f"{name} / {title}: no cc_ metric in {expr!r}"
        assert used <= exported, f"{name} / {title}: not exported by /metrics: {sorted(used - exported)}"


def test_queries_use_a_provisioned_data_source_and_no_other_grafana_variable() -> None:
    uids = {source["uid"]: source["type"] for source in DATASOURCES["datasources"]}
    for board in _committed().values():
        for panel in board["panels"]:
            assert uids[panel["datasource"]["uid"]] == panel["datasource"]["type"]
            for target in panel["targets"]:
                assert target["datasource"] == panel["datasource"]
                if panel["datasource"]["type"] == "prometheus":
                    assert "$__" not in _promql(target["expr"]), target["expr"]
                    assert "${" not in target["expr"], target["expr"]
                else:
                    assert set(re.findall(r"\$__\w+", target["rawSql"])) <= {"$__timeFilter", "$__dateFilter"}
                    assert target["editorType"] == "sql"
                    assert target["format"] == 0  # time series


def _expand_macros(sql: str) -> str:
    """Grafana's ClickHouse plugin macros as the plugin expands them (pkg/macros), for a fixed range."""
    sql = re.sub(r"\$__timeFilter\((\w+)\)", r"\1 >= toDateTime(1764288000) AND \1 <= toDateTime(1764460800)", sql)
    return re.sub(r"\$__dateFilter\((\w+)\)", r"\1 >= toDate('2025-11-28') AND \1 <= toDate('2025-11-30')", sql)


def test_every_clickhouse_panel_runs_on_the_olap_schema() -> None:
    """Each panel's SQL runs on the real schema (chdb), and the revenue panel reads what the sink stored."""
    from datetime import UTC, datetime

    from casino_app.services import outbox
    from casino_app.services.olap import client, sink
    from tests.support import olap

    queries = _sql_targets()
    assert len(queries) >= 6
    paid = {"event": "paid", "order": "O-1", "user_id": 7, "amount_krw": 5500, "gold": 600, "provider": "sandbox"}
    at = datetime(2025, 11, 29, 3, 0, tzinfo=UTC)  # 12:00 KST on 2025-11-29, inside the expanded range
    try:
        sink.store([outbox.Event(10**15, outbox.SHOP_ORDERS, "7", paid, at)])
        results = {title: client.query(_expand_macros(sql)) for title, sql in queries}
    finally:
        olap.truncate_if_open()
    # 2025-11-29 00:00 KST is 2025-11-28 15:00 UTC (the driver hands back UTC).
    assert results["Net revenue per day (₩)"] == [(datetime(2025, 11, 28, 15, 0), 5500)]


def _promtool() -> str:
    path = shutil.which("promtool")
    if path is None:
        pytest.skip("promtool is missing: scripts/test.sh installs Debian's prometheus package (needs root + apt-get)")
    return path


def _check_rules(promtool: str, exprs: list[str], folder: Path) -> subprocess.CompletedProcess[str]:
    records = [{"record": f"grafana:panel_{n}", "expr": expr} for n, expr in enumerate(exprs)]
    rules = {"groups": [{"name": "grafana-panels", "rules": records}]}
    path = folder / "panels.rules.yml"
    path.write_text(yaml.safe_dump(rules, allow_unicode=True), encoding="utf-8")
    command = [promtool, "check", "rules", "--lint-fatal", str(path)]
    return subprocess.run(command, capture_output=True, text=True, timeout=60)


def test_promtool_accepts_every_panel_expression(tmp_path: Path) -> None:
    promtool = _promtool()
    exprs = sorted({_promql(expr) for _, _, expr in _targets()})
    result = _check_rules(promtool, exprs, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{len(exprs)} rules found" in result.stdout


def test_promtool_rejects_a_broken_expression(tmp_path: Path) -> None:
    """The check above can fail: an unbalanced expression (or a Grafana variable left in) is refused."""
    promtool = _promtool()
    for broken in ("sum(rate(cc_http_requests_total[1m])", "rate(cc_http_requests_total[$__rate_interval])"):
        result = _check_rules(promtool, [broken], tmp_path)
        assert result.returncode != 0, broken


def test_provisioning_points_grafana_at_prometheus_clickhouse_and_the_generated_json() -> None:
    sources = {source["uid"]: source for source in DATASOURCES["datasources"]}
    assert sources["prometheus"]["url"] == "http://prometheus:9090"
    assert sources["prometheus"]["isDefault"] is True
    clickhouse = sources["clickhouse"]
    assert clickhouse["type"] == "grafana-clickhouse-datasource"
    assert clickhouse["jsonData"]["host"] == "clickhouse"
    assert clickhouse["secureJsonData"]["password"].startswith("$")  # from the environment, never committed
    (provider,) = PROVIDERS["providers"]
    assert provider["type"] == "file"
    assert provider["allowUiUpdates"] is False
    compose = yaml.safe_load((PROJECT_ROOT / "compose.yaml").read_text("utf-8"))
    grafana = compose["services"]["grafana"]
    mounts = dict(m.removesuffix(":ro").split(":", 1) for m in grafana["volumes"] if m.startswith("./"))
    assert mounts["./deploy/grafana/dashboards"] == provider["options"]["path"]
    assert mounts["./deploy/grafana/provisioning"] == "/etc/grafana/provisioning"
    assert "grafana-clickhouse-datasource" in grafana["environment"]["GF_INSTALL_PLUGINS"]
    for name in ("CLICKHOUSE_USER", "CLICKHOUSE_PASSWORD", "CLICKHOUSE_DB"):
        assert f"${name}" in json.dumps(clickhouse)
        assert name in grafana["environment"]
