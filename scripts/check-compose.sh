#!/usr/bin/env bash
# Validates docker-compose.yml with `docker compose config -q` (no engine needed: the client
# parses and interpolates only). Falls back to the standalone docker-compose binary; says so and
# succeeds when neither is installed, since the check cannot run there.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
if command -v docker >/dev/null 2>&1 && docker compose version >/dev/null 2>&1; then
  docker compose -f docker-compose.yml config -q
  echo "check-compose: docker-compose.yml is valid ($(docker compose version --short))"
elif command -v docker-compose >/dev/null 2>&1; then
  docker-compose -f docker-compose.yml config -q
  echo "check-compose: docker-compose.yml is valid ($(docker-compose version --short 2>/dev/null || echo docker-compose))"
else
  echo "check-compose: skipped: neither 'docker compose' nor 'docker-compose' is installed"
fi
