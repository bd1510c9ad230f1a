"""Crash safety: an import killed with SIGKILL midway leaves the store as it was, and a re-run succeeds."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from planwatch.importing.load import PAUSE_ENV, import_file
from planwatch.store.database import open_store
from tests.importing.files import monthly_rows, registry_rows, xlsx

PLANWATCH = Path(sys.executable).with_name("planwatch")


def test_sigkill_midway_then_rerun(store_location: str, tmp_path: Path) -> None:
    with open_store(store_location) as store:
        assert import_file(store, xlsx(tmp_path / "名录.xlsx", {"名录": registry_rows()}), create_orgs=True).committed
        before = (store.counts(), store.checksum())
    data = xlsx(tmp_path / "6月.xlsx", {"月报": monthly_rows({0: 1000, 1: 2000, 2: 3000})})
    process = subprocess.Popen(
        [str(PLANWATCH), "import", str(data), "--db", store_location],
        env={**os.environ, PAUSE_ENV: "60"},
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )
    assert process.stderr is not None
    deadline = time.monotonic() + 60
    line = ""
    while time.monotonic() < deadline:
        line = process.stderr.readline()
        if "PAUSED-BEFORE-COMMIT" in line or not line:
            break
    assert "PAUSED-BEFORE-COMMIT" in line, "the import never reached the write"
    process.send_signal(signal.SIGKILL)  # the facts are written, the transaction not committed
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    time.sleep(0.2)  # PostgreSQL notices the dead connection and rolls back
    with open_store(store_location) as store:
        assert (store.counts(), store.checksum()) == before
        assert import_file(store, data).committed
        assert store.counts()["facts"] == before[0]["facts"] + 9
