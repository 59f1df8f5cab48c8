"""Alert rules and the monitoring configs: checked and unit-tested by promtool and amtool.

``scripts/test.sh`` installs Debian's ``prometheus`` and ``prometheus-alertmanager`` when the tools are missing;
these tests skip only when that installation failed.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from casino_app.settings import PROJECT_ROOT

DEPLOY = PROJECT_ROOT / "deploy"
RULES = DEPLOY / "prometheus" / "alerts.yml"
RULE_TESTS = DEPLOY / "prometheus" / "alerts_test.yml"
PROMETHEUS_CONFIG = DEPLOY / "prometheus.yml"
ALERTMANAGER_CONFIG = DEPLOY / "alertmanager.yml"
METRIC_SOURCES = (
    PROJECT_ROOT / "casino_app" / "core" / "metrics.py",
    PROJECT_ROOT / "casino_app" / "services" / "ops_metrics.py",
)
SEVERITIES = {"critical", "warning"}
# The alerts issue 15 asks for, by the rule that covers each.
REQUIRED_ALERTS = {
    "CasinoAppDown",
    "InviteRedemptionBurst",
    "InviteRejectionSpike",
    "GoldInflationHigh",
    "RateLimitBlockRateHigh",
    "PurchaseErrorRateHigh",
    "WebhookSignatureFailures",
    "OutboxLagHigh",
    "RealisedRtpOutOfBand",
}


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed and scripts/test.sh could not install it (see .data/apt-prometheus.log)")
    return path


def _run(*args: str | Path, cwd: Path | None = None) -> str:
    done = subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=120, cwd=cwd, check=False)
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    return output


def _rules() -> list[dict[str, Any]]:
    document = yaml.safe_load(RULES.read_text(encoding="utf-8"))
    return [rule for group in document["groups"] for rule in group["rules"]]


def test_promtool_checks_the_rules() -> None:
    output = _run(_tool("promtool"), "check", "rules", RULES)
    assert f"SUCCESS: {len(_rules())} rules found" in output


def test_promtool_unit_tests_pass() -> None:
    output = _run(_tool("promtool"), "test", "rules", RULE_TESTS.name, cwd=RULE_TESTS.parent)
    assert "SUCCESS" in output


def test_promtool_checks_the_prometheus_config_with_its_rule_files(tmp_path: Path) -> None:
    """The compose layout rebuilt in a temp dir (the scrape token is a compose secret, absent here)."""
    token = tmp_path / "metrics_token"
    token.write_text("test-token", encoding="utf-8")
    config = PROMETHEUS_CONFIG.read_text(encoding="utf-8").replace("/etc/prometheus/metrics_token", str(token))
    (tmp_path / "prometheus.yml").write_text(config, encoding="utf-8")
    (tmp_path / "prometheus").symlink_to(DEPLOY / "prometheus", target_is_directory=True)
    output = _run(_tool("promtool"), "check", "config", tmp_path / "prometheus.yml")
    assert "SUCCESS: 1 rule files found" in output
    assert f"SUCCESS: {len(_rules())} rules found" in output


def test_amtool_checks_the_alertmanager_config() -> None:
    output = _run(_tool("amtool"), "check-config", ALERTMANAGER_CONFIG)
    assert "SUCCESS" in output


def test_the_alertmanager_routes_by_severity_without_credentials() -> None:
    config = yaml.safe_load(ALERTMANAGER_CONFIG.read_text(encoding="utf-8"))
    receivers = {r["name"] for r in config["receivers"]}
    routed = {m for route in config["route"]["routes"] for m in route["matchers"]}
    assert {f'severity="{s}"' for s in SEVERITIES} <= routed
    assert {route["receiver"] for route in config["route"]["routes"]} <= receivers
    text = ALERTMANAGER_CONFIG.read_text(encoding="utf-8")
    assert not re.search(r"(?m)^\s*(smtp_auth_password|smtp_auth_secret|api_key|password)\s*:", text)


def test_every_required_alert_exists_with_for_severity_and_bilingual_annotations() -> None:
    rules = _rules()
    names = {rule["alert"] for rule in rules}
    assert names >= REQUIRED_ALERTS
    hangul = re.compile(r"[\uac00-\ud7a3]")
    for rule in rules:
        assert re.fullmatch(r"\d+[smh]", str(rule.get("for", ""))), f"{rule['alert']} has no for:"
        assert rule["labels"]["severity"] in SEVERITIES, rule["alert"]
        for key in ("summary", "description"):
            text = rule["annotations"][key]
            assert hangul.search(text), f"{rule['alert']} {key} has no Korean"
            assert re.search(r"[A-Za-z]{4}", text), f"{rule['alert']} {key} has no English"


def test_every_alert_has_a_firing_and_a_silent_unit_test() -> None:
    document = yaml.safe_load(RULE_TESTS.read_text(encoding="utf-8"))
    firing: set[str] = set()
    silent: set[str] = set()
    for case in document["tests"]:
        for check in case["alert_rule_test"]:
            (firing if check["exp_alerts"] else silent).add(check["alertname"])
    names = {rule["alert"] for rule in _rules()}
    assert names - firing == set(), "alerts never shown firing"
    assert names - silent == set(), "alerts never shown staying silent"


def test_every_metric_an_alert_reads_is_exported_by_the_app() -> None:
    sources = "\n".join(path.read_text(encoding="utf-8") for path in METRIC_SOURCES)
    for rule in _rules():
        for metric in set(re.findall(r"\bcc_[a-z_]+", rule["expr"])):
            assert f'"{metric}"' in sources, f"{rule['alert']} reads {metric}, which the app does not export"
