#!/usr/bin/env bash
# Installs Debian's chromium for pipespeed's static chart export (SVG/PNG through playwright-core)
# when no Chromium is present, then prints the executable's path. Idempotent: does nothing but
# print the path when one is already installed. Honours CHROMIUM_PATH.
#
#   scripts/install-chromium.sh            # as root, or with sudo available
#   CHROMIUM_PATH=$(scripts/install-chromium.sh) deno task report ...
set -euo pipefail

candidates=(/usr/bin/chromium /usr/bin/chromium-browser /usr/bin/google-chrome-stable /usr/bin/google-chrome)

find_chromium() {
  if [[ -n "${CHROMIUM_PATH:-}" ]]; then
    [[ -x "$CHROMIUM_PATH" ]] && { echo "$CHROMIUM_PATH"; return 0; }
    return 1
  fi
  local candidate
  for candidate in "${candidates[@]}"; do
    [[ -x "$candidate" ]] && { echo "$candidate"; return 0; }
  done
  return 1
}

if find_chromium; then
  exit 0
fi

if [[ -n "${CHROMIUM_PATH:-}" ]]; then
  echo "error: CHROMIUM_PATH=$CHROMIUM_PATH is not an executable; unset it to install Debian's chromium" >&2
  exit 1
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "error: apt-get not found; install Chromium with your package manager and set CHROMIUM_PATH" >&2
  exit 1
fi

sudo=()
if [[ "$(id -u)" -ne 0 ]]; then
  if ! command -v sudo >/dev/null 2>&1; then
    echo "error: not root and no sudo; run as root: apt-get install chromium" >&2
    exit 1
  fi
  sudo=(sudo)
fi

echo "installing Debian's chromium with apt-get..." >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq >&2
"${sudo[@]}" apt-get install -y -qq chromium >&2

if ! find_chromium; then
  echo "error: chromium was installed but no executable was found in ${candidates[*]}" >&2
  exit 1
fi
