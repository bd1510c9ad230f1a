"""Users and roles: hashed passwords, scopes checked against the store, who sees which org."""

from __future__ import annotations

from datetime import datetime

import pytest

from planwatch.errors import InputError
from planwatch.importing.load import import_file
from planwatch.store.database import Store
from planwatch.store.orgs import load_orgs
from planwatch.store.users import find_user
from planwatch.uscc import InvalidUSCC
from planwatch.web.access import LoginThrottle, add_user, authenticate, may_see, visible_orgs
from tests.importing.files import CODES, registry_rows, xlsx

NOW = datetime(2026, 11, 1, 9, 0)


@pytest.fixture
def registry(store: Store, tmp_path: pytest.TempPathFactory) -> Store:
    path = xlsx(tmp_path / "名录.xlsx", {"名录": registry_rows()})  # type: ignore[operator]  # tmp_path is a Path
    assert import_file(store, path).committed
    return store


def test_passwords_are_stored_as_argon2_hashes(registry: Store) -> None:
    add_user(registry, "张三", "correct horse battery", "admin", [], NOW)
    stored = find_user(registry, "张三")
    assert stored is not None and stored.password_hash.startswith("$argon2id$")
    assert "correct horse" not in stored.password_hash
    assert authenticate(registry, "张三", "correct horse battery") is not None
    assert authenticate(registry, "张三", "wrong horse battery") is None
    assert authenticate(registry, "李四", "correct horse battery") is None


def test_short_passwords_and_bad_scopes_are_refused(registry: Store) -> None:
    with pytest.raises(InputError, match="至少 8 位"):
        add_user(registry, "a", "short", "viewer", [], NOW)
    with pytest.raises(InputError, match="可用的园区：下路工业园区"):
        add_user(registry, "p", "long enough", "park", ["不存在的园区"], NOW)
    with pytest.raises(InvalidUSCC, match="第 18 位校验码"):
        add_user(
            registry, "e", "long enough", "enterprise", [CODES[0][:-1] + ("0" if CODES[0][-1] != "0" else "1")], NOW
        )
    with pytest.raises(InputError, match="角色只能是"):
        add_user(registry, "x", "long enough", "root", [], NOW)


def test_who_sees_which_org(registry: Store) -> None:
    park = add_user(registry, "p", "long enough", "park", ["下路工业园区"], NOW)
    firm = add_user(registry, "e", "long enough", "enterprise", [CODES[3]], NOW)
    viewer = add_user(registry, "v", "long enough", "viewer", [], NOW)
    orgs = load_orgs(registry)
    assert visible_orgs(viewer, orgs) is None
    in_park = {o.code for o in orgs.values() if o.id in (visible_orgs(park, orgs) or set())}
    assert in_park == {"park:下路工业园区", *CODES[:3]}  # the registry puts the first three in 下路
    assert may_see(firm, orgs[CODES[3]], orgs) and not may_see(firm, orgs[CODES[0]], orgs)
    assert not may_see(park, orgs[CODES[3]], orgs)


def test_the_login_throttle_counts_failures_in_its_window() -> None:
    throttle = LoginThrottle(per_name=3, per_address=5, window=60)
    for second in range(3):
        assert throttle.refusal("张三", "10.0.0.1", second) is None
        throttle.failed("张三", "10.0.0.1", second)
    assert "暂停登录 1 分钟" in (throttle.refusal("张三", "10.0.0.9", 10) or "")
    assert throttle.refusal("李四", "10.0.0.9", 10) is None
    assert throttle.refusal("张三", "10.0.0.1", 61) is None  # the first failure has left the window
    for other in range(5):
        throttle.failed(f"用户{other}", "10.0.0.1", 62)
    assert "本机登录失败次数过多" in (throttle.refusal("王五", "10.0.0.1", 62) or "")
    throttle.succeeded("张三")
    assert throttle.refusal("张三", "10.0.0.2", 62) is None


def test_the_dashboard_sees_every_change_to_users(registry: Store) -> None:
    """On both databases: a changed user changes the store version, whatever time it is stamped with."""
    from datetime import timedelta

    from planwatch.store.users import session_secret
    from planwatch.web.site import Site

    with registry.backend.transaction():
        session_secret(registry)  # a text value in the same settings table
    site = Site(registry)
    before = site.version()
    add_user(registry, "甲", "long enough", "viewer", [], NOW)
    site.changed()
    after = site.version()
    assert after != before
    add_user(registry, "甲", "long enough", "enterprise", [CODES[0]], NOW - timedelta(days=30))
    site.changed()
    assert site.version() != after
