#!/usr/bin/env bash
# Make sure the Debian packages given as arguments are installed; install the
# missing ones with apt-get (through sudo when not root). Prints one line.
#
#   scripts/ensure-debian.sh fonts-noto-cjk            # report charts (make env)
#   scripts/ensure-debian.sh chromium libreoffice-writer-nogui   # browser and Word tests
#
# Does nothing (and no apt calls) when every package is already there.
set -euo pipefail

me=ensure-debian
missing=()
for package in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done
if [[ ${#missing[@]} -eq 0 ]]; then
    echo "$me: already installed: $*"
    exit 0
fi

if [[ $(id -u) -eq 0 ]]; then
    as_root() { "$@"; }
elif command -v sudo >/dev/null 2>&1; then
    as_root() { sudo "$@"; }
else
    echo "$me: missing Debian packages ${missing[*]}, and not root and no sudo: install them (apt-get install ${missing[*]})" >&2
    exit 1
fi
command -v apt-get >/dev/null 2>&1 || {
    echo "$me: missing ${missing[*]} and no apt-get: install their equivalents by hand" >&2
    exit 1
}

log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! {
    as_root apt-get update -qq &&
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
} >"$log" 2>&1; then
    cat "$log" >&2
    echo "$me: installing ${missing[*]} failed (apt-get output above)" >&2
    exit 1
fi
echo "$me: installed ${missing[*]}"
