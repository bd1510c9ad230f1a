"""Backup and restore on both databases: every row back, the same checksum, the same evaluation."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest

from planwatch.demo.build import FIGURES_RECORDED
from planwatch.evaluate.evaluation import evaluate_plan
from planwatch.evaluate.schema import evaluation_json
from planwatch.importing.load import import_file
from planwatch.service.accounts import add_user
from planwatch.service.plans import add_plan
from planwatch.store.backend import StoreError
from planwatch.store.backup import MANIFEST, backup, checksum, restore
from planwatch.store.database import Store
from planwatch.store.plans import stored_plans
from tests.conftest import ROOT, XIUSHAN

FIGURES = ROOT / "examples" / "data" / "published-figures.csv"
NOW = datetime(2026, 11, 20, 9, 30)


@pytest.fixture
def target(store_location: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """A new, empty place of the same kind: a DuckDB file not yet made, or a new PostgreSQL database."""
    if not store_location.startswith("postgresql://"):
        yield str(tmp_path / "restored.duckdb")
        return
    base: str = request.getfixturevalue("postgres_url")
    name = f"r_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(base, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(store_location)
    yield urlunsplit(parts._replace(path=f"/{name}"))  # the same search_path: the dump's schema
    with psycopg.connect(base, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def _filled(store: Store, tmp_path: Path) -> None:
    assert import_file(store, FIGURES, now=FIGURES_RECORDED, create_orgs=True).committed
    correction = tmp_path / "更正.csv"
    correction.write_text(
        "region,figure,period,value,unit,kind,quality,source,note\n"
        "秀山土家族苗族自治县,规上工业企业数,2024-10,84,家,level,official,更正,\n",
        encoding="utf-8",
    )
    assert import_file(store, correction, revise=True, now=datetime(2026, 11, 1)).committed
    add_plan(store, XIUSHAN, NOW)
    add_user(store, "zhang", "一个足够长的密码-2026", "viewer", [], NOW, actor="测试")


def test_backup_and_restore_give_every_row_and_the_same_evaluation(store: Store, target: str, tmp_path: Path) -> None:
    _filled(store, tmp_path)
    folder = tmp_path / "备份" / "2026-11-20"
    manifest = backup(store, folder, NOW)
    assert manifest.checksum == checksum(store)[0]
    assert manifest.rows["facts"] > 0 and manifest.rows["plans"] == 1 and manifest.rows["users"] == 1
    assert json.loads((folder / MANIFEST).read_text(encoding="utf-8"))["checksum"] == manifest.checksum
    revisions = store.backend.query("SELECT count(*) FROM facts WHERE revision > 1")[0][0]
    assert revisions >= 1

    restored_manifest, restored = restore(folder, target)
    with restored:
        assert checksum(restored) == (manifest.checksum, manifest.rows)
        assert restored.backend.query("SELECT count(*) FROM facts WHERE revision > 1")[0][0] == revisions
        assert restored.backend.query("SELECT name FROM users") == [("zhang",)]
        plan = stored_plans(restored)[0]
        original = evaluation_json(evaluate_plan(store, stored_plans(store)[0], date(2026, 10, 31)))
        again = evaluation_json(evaluate_plan(restored, plan, date(2026, 10, 31)))
        assert again == original
    assert restored_manifest == manifest


def test_restore_never_writes_over_data(store: Store, target: str, tmp_path: Path) -> None:
    _filled(store, tmp_path)
    folder = tmp_path / "备份"
    backup(store, folder, NOW)
    with pytest.raises(StoreError, match="不是空的"):
        backup(store, folder, NOW)  # an old backup is never overwritten
    _, restored = restore(folder, target)
    restored.close()
    with pytest.raises(StoreError, match=r"已存在|已有 planwatch 数据"):
        restore(folder, target)


def test_a_changed_backup_is_refused(store: Store, target: str, tmp_path: Path) -> None:
    _filled(store, tmp_path)
    folder = tmp_path / "备份"
    backup(store, folder, NOW)
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    manifest["checksum"] = "0" * 64
    (folder / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(StoreError, match="校验和"):
        restore(folder, target)


def test_a_folder_that_is_no_backup(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="不是 planwatch 备份文件夹"):
        restore(tmp_path, str(tmp_path / "new.duckdb"))
