"""Render the dashboards of ``boards`` to Grafana JSON with grafana-foundation-sdk, and check for drift.

The committed JSON under ``deploy/grafana/dashboards/`` is what Grafana provisions (compose mounts it);
``boards.py`` is its only source. Edit the panels there, then regenerate (from the repository root):

    scripts/grafana-dashboards.sh            write every dashboard (python -m deploy.grafana)
    scripts/grafana-dashboards.sh --check    exit 1 and name the files that differ from the generated JSON

``tests/unit/test_grafana_dashboards.py`` fails on drift, on a metric the app does not export and on
PromQL that ``promtool`` rejects.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from grafana_foundation_sdk.builders import common as common_builder
from grafana_foundation_sdk.builders import dashboard as dashboard_builder
from grafana_foundation_sdk.builders import prometheus, stat, timeseries
from grafana_foundation_sdk.cog.encoder import JSONEncoder
from grafana_foundation_sdk.models import common
from grafana_foundation_sdk.models import dashboard as model

from deploy.grafana.boards import DASHBOARDS
from deploy.grafana.spec import Dashboard, Panel, Query, Sql

OUT_DIR = Path(__file__).resolve().parent / "dashboards"
PROMETHEUS = model.DataSourceRef(type_val="prometheus", uid="prometheus")  # provisioning/datasources uid
CLICKHOUSE = model.DataSourceRef(type_val="grafana-clickhouse-datasource", uid="clickhouse")
TAGS = ["casino-club"]
DASHED = model.DynamicConfigValue(id_val="custom.lineStyle", value={"fill": "dash", "dash": [10, 10]})


def _threshold_steps(panel: Panel) -> list[model.Threshold]:
    return [model.Threshold(value=None, color="green")] + [
        model.Threshold(value=value, color=color) for value, color in panel.thresholds
    ]


class _SqlTarget:
    """A ClickHouse plugin query (raw SQL, time series format); the SDK has no builder for this plugin."""

    def __init__(self, query: Sql, ref: str) -> None:
        self.target = {
            "refId": ref,
            "datasource": {"type": CLICKHOUSE.type_val, "uid": CLICKHOUSE.uid},
            "editorType": "sql",
            "queryType": "timeSeries",
            "format": 0,  # the plugin's time series format
            "rawSql": query.sql,
        }

    def build(self) -> dict[str, Any]:
        return self.target


def _target(query: Query | Sql, ref: str) -> Any:
    if isinstance(query, Sql):
        return _SqlTarget(query, ref)
    target = prometheus.Dataquery().expr(query.expr).ref_id(ref).datasource(PROMETHEUS).range()
    return target.legend_format(query.legend) if query.legend else target


def _panel(panel: Panel, panel_id: int) -> Any:
    builder: Any
    if panel.kind == "stat":
        builder = (
            stat.Panel()
            .graph_mode(common.BigValueGraphMode.AREA)
            .color_mode(common.BigValueColorMode.VALUE)
            .reduce_options(common_builder.ReduceDataOptions().calcs(["lastNotNull"]))
        )
    else:
        builder = (
            timeseries.Panel()
            .fill_opacity(10)
            .legend(
                common_builder.VizLegendOptions()
                .display_mode(common.LegendDisplayMode.LIST)
                .placement(common.LegendPlacement.BOTTOM)
                .show_legend(True)
            )
            .tooltip(
                common_builder.VizTooltipOptions()
                .mode(common.TooltipDisplayMode.MULTI)
                .sort(common.SortOrder.DESCENDING)
            )
        )
        if panel.stacked:
            builder = builder.stacking(common_builder.StackingConfig().mode(common.StackingMode.NORMAL))
    builder = (
        builder.id(panel_id)
        .title(panel.title)
        .description(panel.description)
        .datasource(CLICKHOUSE if all(isinstance(q, Sql) for q in panel.queries) else PROMETHEUS)
        .unit(panel.unit)
        .span(panel.width)
        .height(panel.height)
        .thresholds(
            dashboard_builder.ThresholdsConfig().mode(model.ThresholdsMode.ABSOLUTE).steps(_threshold_steps(panel))
        )
    )
    if panel.min_value is not None:
        builder = builder.min(panel.min_value)
    if panel.max_value is not None:
        builder = builder.max(panel.max_value)
    if panel.dashed:
        builder = builder.override_by_regexp(panel.dashed, [DASHED])
    for index, query in enumerate(panel.queries):
        builder = builder.with_target(_target(query, chr(ord("A") + index)))
    return builder


def build(spec: Dashboard) -> dict[str, Any]:
    """The dashboard's JSON model (plain dicts and lists)."""
    board = (
        dashboard_builder.Dashboard(spec.title)
        .uid(spec.uid)
        .description(spec.description)
        .tags(TAGS)
        .readonly()  # edits belong in boards.py: the provisioned JSON is regenerated
        .timezone("browser")
        .time("now-6h", "now")
        .refresh("1m")
        .tooltip(model.DashboardCursorSync.CROSSHAIR)
    )
    for panel_id, panel in enumerate(spec.panels, start=1):
        board = board.with_panel(_panel(panel, panel_id))
    return json.loads(json.dumps(board.build(), cls=JSONEncoder))


def dashboards() -> dict[str, dict[str, Any]]:
    """Every dashboard, keyed by its file name under ``deploy/grafana/dashboards/``."""
    specs = [make() for make in DASHBOARDS]
    return {f"{spec.uid}.json": build(spec) for spec in specs}


def render(board: dict[str, Any]) -> str:
    """The file's text: stable key order, two-space indent, a final newline."""
    return json.dumps(board, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def drift(out_dir: Path = OUT_DIR) -> list[str]:
    """File names whose committed text differs from the generated one (missing or extra files included)."""
    expected = {name: render(board) for name, board in dashboards().items()}
    present = {path.name for path in out_dir.glob("*.json")}
    stale = sorted(name for name in present - set(expected))
    changed = [
        name
        for name, text in sorted(expected.items())
        if not (out_dir / name).is_file() or (out_dir / name).read_text(encoding="utf-8") != text
    ]
    return changed + stale


def write(out_dir: Path = OUT_DIR) -> list[Path]:
    """Write every dashboard and delete JSON files no dashboard produces; the paths written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    boards = dashboards()
    for path in out_dir.glob("*.json"):
        if path.name not in boards:
            path.unlink()
    written = []
    for name, board in boards.items():
        path = out_dir / name
        path.write_text(render(board), encoding="utf-8")
        written.append(path)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: write the dashboards, or ``--check`` for drift."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report drift instead of writing")
    args = parser.parse_args(argv)
    if args.check:
        stale = drift()
        for name in stale:
            sys.stderr.write(f"out of date: deploy/grafana/dashboards/{name} (run scripts/grafana-dashboards.sh)\n")
        return 1 if stale else 0
    for path in write():
        sys.stdout.write(f"wrote {path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
