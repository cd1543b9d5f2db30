#!/usr/bin/env bash
# Debian packages the tests need: chromium for Playwright, openssl for the SMTP TLS tests.
# Idempotent.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 && command -v openssl >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" != "0" ]; then
  echo "missing: run 'sudo apt-get install -y chromium fonts-noto-core openssl'" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q chromium fonts-noto-core openssl
