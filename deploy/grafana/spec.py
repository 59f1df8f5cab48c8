"""What a dashboard is made of (plain data) and the PromQL helpers the dashboards share.

Expressions may use Grafana's ``$__rate_interval`` (the rate window, at least four scrape intervals) and
nothing else of Grafana's; the tests substitute it before ``promtool`` checks the expression.
"""

from __future__ import annotations

from dataclasses import dataclass

RATE = "$__rate_interval"


@dataclass(frozen=True)
class Query:
    """One PromQL target and its legend."""

    expr: str
    legend: str = ""


@dataclass(frozen=True)
class Sql:
    """One ClickHouse SQL target on the OLAP store (``services/olap/sql``). Grafana's ClickHouse macros
    ``$__timeFilter(column)`` and ``$__dateFilter(column)`` are the only variables; the time column is ``time``."""

    sql: str


@dataclass(frozen=True)
class Panel:
    """A panel: a time series (default) or a single stat, ``width`` columns of the 24-column grid.

    ``thresholds`` are ``(from value, colour)`` steps above the green base; ``dashed`` is a regular
    expression of series names drawn as dashed lines (reference values such as a declared RTP).
    """

    title: str
    description: str
    queries: tuple[Query, ...] | tuple[Sql, ...]
    unit: str = "short"
    kind: str = "timeseries"
    width: int = 12
    height: int = 8
    stacked: bool = False
    max_value: float | None = None
    min_value: float | None = 0
    thresholds: tuple[tuple[float, str], ...] = ()
    dashed: str = ""


@dataclass(frozen=True)
class Dashboard:
    """A dashboard file: ``uid`` is stable (Grafana links and the file name use it)."""

    uid: str
    title: str
    description: str
    panels: tuple[Panel, ...]


def rate(metric: str, selector: str = "", by: str = "") -> str:
    """``sum [by (...)] (rate(metric{selector}[$__rate_interval]))``."""
    grouping = f" by ({by})" if by else ""
    labels = f"{{{selector}}}" if selector else ""
    return f"sum{grouping} (rate({metric}{labels}[{RATE}]))"


def ratio(numerator: str, denominator: str) -> str:
    """``numerator / denominator``, empty (no data) rather than NaN while the denominator is zero."""
    return f"{numerator} / ({denominator} > 0)"


def latency_quantile(q: float, by: str = "") -> str:
    """The ``q`` quantile of the app's request latency histogram, optionally per ``by`` labels."""
    extra = f", {by}" if by else ""
    return f"histogram_quantile({q}, {rate('cc_http_request_duration_seconds_bucket', by='le' + extra)})"
