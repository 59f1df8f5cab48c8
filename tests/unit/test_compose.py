"""compose.yaml (no Docker engine here): services, healthchecks, and settings it passes."""

from __future__ import annotations

import re

import yaml

from casino_app.settings import PROJECT_ROOT, Settings

COMPOSE = yaml.safe_load((PROJECT_ROOT / "compose.yaml").read_text(encoding="utf-8"))
APP_SERVICES = {"app", "celery-worker", "celery-beat", "migrate", "outbox-relay", "analytics-consumer"}
REQUIRED = APP_SERVICES | {"postgres", "redis", "kafka", "prometheus", "proxy", "grafana"}


def test_every_service_of_the_stack_is_there() -> None:
    assert set(COMPOSE["services"]) >= REQUIRED


def test_every_service_has_a_healthcheck() -> None:
    for name, service in COMPOSE["services"].items():
        assert service.get("healthcheck", {}).get("test"), f"{name} has no healthcheck"


def test_app_services_use_the_app_image_and_known_settings() -> None:
    known = {name.upper() for name in Settings.model_fields}
    for name in APP_SERVICES:
        service = COMPOSE["services"][name]
        assert service["build"] == "."
        unknown = set(service["environment"]) - known
        assert unknown == set(), f"{name} passes variables that are not settings: {unknown}"
        assert any(entry["path"] == ".env" for entry in service["env_file"])


def test_app_runs_the_production_build_with_redis_and_kafka() -> None:
    app = COMPOSE["services"]["app"]
    assert app["command"][:4] == ["reflex", "run", "--env", "prod"]
    env = app["environment"]
    assert "@redis:6379" in env["REDIS_URL"]  # several workers share Redis state
    assert env["KAFKA_BOOTSTRAP_SERVERS"] == "kafka:9092"
    assert env["PROMETHEUS_MULTIPROC_DIR"]
    assert app["depends_on"]["migrate"]["condition"] == "service_completed_successfully"


def test_kafka_is_single_node_kraft() -> None:
    env = COMPOSE["services"]["kafka"]["environment"]
    assert "controller" in env["KAFKA_PROCESS_ROLES"]
    assert "broker" in env["KAFKA_PROCESS_ROLES"]


def test_the_outbox_is_relayed_to_kafka_and_consumed_by_separate_workers() -> None:
    services = COMPOSE["services"]
    assert services["outbox-relay"]["command"] == ["python", "-m", "casino_app.workers.kafka", "relay"]
    assert services["analytics-consumer"]["command"] == ["python", "-m", "casino_app.workers.kafka", "consume"]
    for name in ("outbox-relay", "analytics-consumer"):
        assert services[name]["depends_on"]["kafka"]["condition"] == "service_healthy"
        assert services[name]["environment"]["KAFKA_BOOTSTRAP_SERVERS"] == "kafka:9092"


def test_prometheus_scrapes_the_app_metrics() -> None:
    config = yaml.safe_load((PROJECT_ROOT / "deploy" / "prometheus.yml").read_text(encoding="utf-8"))
    (job,) = [j for j in config["scrape_configs"] if j["job_name"] == "casino-app"]
    assert job["metrics_path"] == "/metrics"
    assert job["static_configs"][0]["targets"] == ["app:3000"]
    mounts = COMPOSE["services"]["prometheus"]["volumes"]
    assert any(m.startswith("./deploy/prometheus.yml:") for m in mounts)


def test_interpolated_variables_have_defaults_are_required_or_are_settings() -> None:
    text = (PROJECT_ROOT / "compose.yaml").read_text(encoding="utf-8")
    known = {name.upper() for name in Settings.model_fields}
    found = re.findall(r"(?<!\$)\$\{([A-Z_]+)(:[-?][^}]*)?\}", text)
    assert found
    for name, default in found:
        assert default or name in known, f"${{{name}}} has no default and is not required"


def test_secrets_have_no_defaults_so_compose_refuses_to_start_without_them() -> None:
    text = (PROJECT_ROOT / "compose.yaml").read_text(encoding="utf-8")
    for name in (
        "POSTGRES_PASSWORD",
        "REDIS_PASSWORD",
        "JWT_SECRET",
        "SEED_ENCRYPTION_KEY",
        "METRICS_TOKEN",
        "PUBLIC_URL",
        "PAYMENT_WEBHOOK_SECRETS",
        "TOSS_SECRET_KEY",
        "TOSS_CLIENT_KEY",
        "RECEIPT_SIGNING_SECRET",
        "VAPID_PRIVATE_KEY",
        "GRAFANA_ADMIN_PASSWORD",
    ):
        uses = re.findall(r"\$\{" + name + r"(:[-?][^}]*)?\}", text)
        assert uses, f"{name} is not used"
        assert all(use.startswith(":?") for use in uses), f"{name} must be required (${{{name}:?…}}), not defaulted"
    assert COMPOSE["services"]["postgres"]["environment"]["POSTGRES_PASSWORD"].startswith("${POSTGRES_PASSWORD:?")
    redis = COMPOSE["services"]["redis"]
    assert "--requirepass" in redis["command"]
    for name in APP_SERVICES:
        env = COMPOSE["services"][name]["environment"]
        assert env["REDIS_URL"].startswith("redis://:${REDIS_PASSWORD:?")


def test_only_the_migrate_job_receives_the_bootstrap_admin_password() -> None:
    for name in APP_SERVICES:
        env = COMPOSE["services"][name]["environment"]
        assert ("BOOTSTRAP_ADMIN_PASSWORD" in env) == (name == "migrate"), name


def test_app_services_run_as_production_without_demo_data() -> None:
    for name in APP_SERVICES:
        env = COMPOSE["services"][name]["environment"]
        assert env["APP_ENV"] == "production"
        assert env["SEED_DEMO_DATA"] == "false"
    assert COMPOSE["services"]["migrate"]["command"][-1] == "bootstrap"  # migrations + first admin, no demo


def test_only_the_tls_proxy_is_published_on_all_interfaces() -> None:
    for name, service in COMPOSE["services"].items():
        for port in service.get("ports", []):
            published_everywhere = not str(port).startswith("127.0.0.1:")
            assert not published_everywhere or name == "proxy", f"{name} publishes {port} on all interfaces"
    assert "ports" not in COMPOSE["services"]["app"]
    assert COMPOSE["services"]["prometheus"]["ports"] == ["127.0.0.1:9090:9090"]


def test_the_proxy_terminates_tls_with_hsts_and_hides_metrics() -> None:
    caddyfile = (PROJECT_ROOT / "deploy" / "Caddyfile").read_text(encoding="utf-8")
    assert re.search(r"Strict-Transport-Security \"max-age=\d{8,}", caddyfile)
    assert "reverse_proxy app:3000" in caddyfile
    assert re.search(r"@internal path /metrics", caddyfile)
    mounts = COMPOSE["services"]["proxy"]["volumes"]
    assert any(m.startswith("./deploy/Caddyfile:") for m in mounts)
    assert COMPOSE["services"]["app"]["environment"]["TRUSTED_PROXY_COUNT"] == "1"


def test_prometheus_loads_the_alert_rules_and_sends_to_a_loopback_alertmanager() -> None:
    config = yaml.safe_load((PROJECT_ROOT / "deploy" / "prometheus.yml").read_text(encoding="utf-8"))
    assert config["rule_files"] == ["prometheus/alerts.yml"]  # relative to prometheus.yml, as mounted below
    assert "./deploy/prometheus:/etc/prometheus/prometheus:ro" in COMPOSE["services"]["prometheus"]["volumes"]
    (manager,) = config["alerting"]["alertmanagers"]
    assert manager["static_configs"][0]["targets"] == ["alertmanager:9093"]
    alertmanager = COMPOSE["services"]["alertmanager"]
    assert alertmanager["ports"] == ["127.0.0.1:9093:9093"]
    assert any(m.startswith("./deploy/alertmanager.yml:") for m in alertmanager["volumes"])
    assert COMPOSE["services"]["prometheus"]["depends_on"]["alertmanager"]["condition"] == "service_healthy"


def test_prometheus_gets_the_metrics_token_as_a_secret() -> None:
    config = yaml.safe_load((PROJECT_ROOT / "deploy" / "prometheus.yml").read_text(encoding="utf-8"))
    (job,) = [j for j in config["scrape_configs"] if j["job_name"] == "casino-app"]
    path = job["authorization"]["credentials_file"]
    (secret,) = COMPOSE["services"]["prometheus"]["secrets"]
    assert secret["target"] == path
    assert COMPOSE["secrets"][secret["source"]]["environment"] == "METRICS_TOKEN"


def test_grafana_serves_the_provisioned_dashboards_on_loopback_port_3003() -> None:
    grafana = COMPOSE["services"]["grafana"]
    assert grafana["image"].startswith("grafana/grafana:")
    assert grafana["ports"] == ["127.0.0.1:3003:3000"]
    mounts = grafana["volumes"]
    assert "./deploy/grafana/provisioning:/etc/grafana/provisioning:ro" in mounts
    assert "./deploy/grafana/dashboards:/etc/grafana/dashboards:ro" in mounts
    for folder in ("provisioning/datasources", "provisioning/dashboards", "dashboards"):
        assert any((PROJECT_ROOT / "deploy" / "grafana" / folder).iterdir()), f"deploy/grafana/{folder} is empty"
    assert grafana["environment"]["GF_SECURITY_ADMIN_PASSWORD"].startswith("${GRAFANA_ADMIN_PASSWORD:?")
    assert grafana["environment"]["GF_USERS_ALLOW_SIGN_UP"] == "false"
    assert grafana["environment"]["GF_AUTH_ANONYMOUS_ENABLED"] == "false"
    assert "http://127.0.0.1:3000/api/health" in grafana["healthcheck"]["test"]
    assert grafana["depends_on"]["prometheus"]["condition"] == "service_healthy"
