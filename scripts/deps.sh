#!/usr/bin/env bash
# Installs the Debian packages schemactl needs to build and test, only those missing.
# Sourced or run; needs root (or sudo) when something is missing.
set -euo pipefail

SCHEMACTL_PACKAGES=(
  build-essential cmake pkg-config
  libpg-query-dev libprotobuf-c-dev libsimdjson-dev
  libboost-dev libfmt-dev libcli11-dev doctest-dev libexpected-dev
  libpq-dev postgresql-15 postgresql-client-15
)

missing=()
for pkg in "${SCHEMACTL_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done

if ((${#missing[@]})); then
  echo "schemactl: installing missing packages: ${missing[*]}" >&2
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
