#!/usr/bin/env bash
# Debian packages the tests need: chromium for Playwright, openssl for the SMTP TLS tests,
# postgresql for the PostgreSQL tests and the second run against real servers
# (scripts/test-servers.sh starts a throwaway cluster of its own; Debian's default cluster
# is not used). Idempotent.
set -euo pipefail
have_postgres() {
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1
}
if command -v chromium >/dev/null 2>&1 && command -v openssl >/dev/null 2>&1 && have_postgres; then
  exit 0
fi
if [ "$(id -u)" != "0" ]; then
  echo "missing: run 'sudo apt-get install -y chromium fonts-noto-core openssl postgresql'" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q chromium fonts-noto-core openssl postgresql
