#!/usr/bin/env bash
# Make sure PostgreSQL's server binaries (initdb, pg_ctl) are installed: the tests
# start a throwaway server of their own with them (tests/postgres.py).
#
# Looks where tests/postgres.py looks: `pg_config --bindir`, /usr/lib/postgresql/*/bin,
# then PATH. If none has them, installs Debian's `postgresql` package with apt-get
# (through sudo when not root), then stops the `main` cluster the package creates
# and starts: the tests never use it. Does nothing (and no apt calls) when the
# binaries are already there. Prints one line saying what it did.
set -euo pipefail

me=ensure-postgres

die() {
    echo "$me: $*" >&2
    exit 1
}

has_server() { [[ -n $1 && -x $1/initdb && -x $1/pg_ctl ]]; }

# Print the directory holding initdb and pg_ctl, or fail.
find_bindir() {
    local dir
    if command -v pg_config >/dev/null 2>&1; then
        # Debian's pg_config may come from libpq-dev alone: its bindir then has no initdb.
        dir=$(pg_config --bindir 2>/dev/null || true)
        if has_server "$dir"; then
            echo "$dir"
            return 0
        fi
    fi
    # The highest version first: /usr/lib/postgresql/16/bin before .../15/bin.
    for dir in $(printf '%s\n' /usr/lib/postgresql/*/bin | sort -rV); do
        if has_server "$dir"; then
            echo "$dir"
            return 0
        fi
    done
    if dir=$(command -v initdb 2>/dev/null); then
        dir=$(dirname "$(readlink -f "$dir")") # through symlinks such as /usr/local/bin/initdb
        if has_server "$dir"; then
            echo "$dir"
            return 0
        fi
    fi
    return 1
}

if bindir=$(find_bindir); then
    echo "$me: PostgreSQL server binaries already installed in $bindir"
    exit 0
fi

if [[ $(id -u) -eq 0 ]]; then
    as_root() { "$@"; }
elif command -v sudo >/dev/null 2>&1; then
    as_root() { sudo "$@"; }
else
    die "PostgreSQL server binaries not found, and not root and no sudo to install Debian's postgresql package:" \
        "install it (apt-get install postgresql) or set PLANWATCH_TEST_PG_URL to a server of your own"
fi
command -v apt-get >/dev/null 2>&1 ||
    die "PostgreSQL server binaries not found and no apt-get: install PostgreSQL's server" \
        "(initdb, pg_ctl) or set PLANWATCH_TEST_PG_URL to a server of your own"

log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! {
    as_root apt-get update -qq &&
        as_root env DEBIAN_FRONTEND=noninteractive \
            apt-get install -y -qq --no-install-recommends postgresql
} >"$log" 2>&1; then
    cat "$log" >&2
    die "installing Debian's postgresql package failed (apt-get output above)"
fi

bindir=$(find_bindir) || die "installed Debian's postgresql package, but still no initdb/pg_ctl under /usr/lib/postgresql"

# The package creates and (where it can) starts a `main` cluster on port 5432. The
# tests never use it; stop it so it does not hold memory and the port. Best effort.
stopped=""
if command -v pg_ctlcluster >/dev/null 2>&1; then
    for conf in /etc/postgresql/*/main; do
        [[ -d $conf ]] || continue
        version=$(basename "$(dirname "$conf")")
        as_root pg_ctlcluster "$version" main stop >/dev/null 2>&1 || true
        stopped=" and stopped its main cluster (tests run their own server)"
    done
fi
echo "$me: installed Debian's postgresql package (server binaries in $bindir)$stopped"
