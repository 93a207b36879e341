#!/usr/bin/env bash
# Runs once, when the postgres container initialises its data directory: a read-only role for the
# Grafana datasource (grafana/provisioning/datasources/ailog.yaml).
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v user="${AILOG_GRAFANA_DB_USER:-grafana}" -v dbname="$POSTGRES_DB" -v password="${AILOG_GRAFANA_DB_PASSWORD:-grafana}" <<'SQL'
CREATE ROLE :"user" LOGIN PASSWORD :'password';
GRANT CONNECT ON DATABASE :"dbname" TO :"user";
GRANT USAGE ON SCHEMA public TO :"user";
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO :"user";
SQL
