# Casino-Club application image: Reflex app (frontend + backend on one port),
# also used for the Celery worker/beat and the migration job in compose.yaml.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    REFLEX_USE_SYSTEM_BUN=1 \
    REFLEX_TELEMETRY_ENABLED=false \
    REFLEX_CHECK_LATEST_VERSION=false \
    PATH=/app/.tools/node_modules/.bin:$PATH

# Node/npm only to fetch bun from the npm registry; bun builds the frontend.
RUN apt-get update \
    && apt-get install -y --no-install-recommends nodejs npm unzip curl \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
RUN npm install --prefix /app/.tools --no-audit --no-fund bun@1.4.4

COPY requirements.txt ./
RUN pip install --no-cache-dir -r requirements.txt

COPY . .
# Compile and build the frontend once at image build time; `reflex run` reuses it.
RUN reflex export --frontend-only --no-zip --loglevel warning \
    && useradd --create-home --uid 10001 casino \
    && mkdir -p /tmp/prometheus && chown -R casino:casino /app /tmp/prometheus

USER casino
EXPOSE 3000
CMD ["reflex", "run", "--env", "prod", "--loglevel", "info"]
