"""Users and roles: hashed passwords, scopes checked against the store, who sees which org."""

from __future__ import annotations

from datetime import datetime

import pytest

from planwatch.errors import InputError
from planwatch.importing.load import import_file
from planwatch.service.accounts import add_user, authenticate
from planwatch.store.database import Store
from planwatch.store.orgs import load_orgs
from planwatch.store.users import find_user
from planwatch.uscc import InvalidUSCC
from planwatch.web.access import LoginThrottle, may_see, visible_orgs
from tests.importing.files import CODES, registry_rows, xlsx

NOW = datetime(2026, 11, 1, 9, 0)


@pytest.fixture
def registry(store: Store, tmp_path: pytest.TempPathFactory) -> Store:
    path = xlsx(tmp_path / "名录.xlsx", {"名录": registry_rows()})  # type: ignore[operator]  # tmp_path is a Path
    assert import_file(store, path, create_orgs=True).committed
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
    throttle = LoginThrottle(per_pair=3, per_address=5, per_name=8, window=60)
    for second in range(3):
        assert throttle.refusal("张三", "10.0.0.1", second) is None
        throttle.failed("张三", "10.0.0.1", second)
    assert "暂停登录 1 分钟" in (throttle.refusal("张三", "10.0.0.1", 10) or "")
    assert throttle.refusal("张三", "10.0.0.9", 10) is None  # the owner elsewhere is not locked out
    assert throttle.refusal("李四", "10.0.0.1", 10) is None
    assert throttle.refusal("张三", "10.0.0.1", 61) is None  # the failures have left the window
    throttle.failed("张三", "10.0.0.1", 62)
    throttle.succeeded("张三", "10.0.0.1")
    assert throttle.refusal("张三", "10.0.0.1", 62) is None


def test_one_address_guessing_many_accounts_is_paused() -> None:
    throttle = LoginThrottle(per_pair=3, per_address=5, per_name=8, window=60)
    for other in range(5):
        throttle.failed(f"用户{other}", "10.0.0.1", 1)
    assert "本机登录失败次数过多" in (throttle.refusal("王五", "10.0.0.1", 2) or "")
    assert throttle.refusal("王五", "10.0.0.2", 2) is None


def test_one_account_guessed_from_many_addresses_is_paused_everywhere() -> None:
    throttle = LoginThrottle(per_pair=3, per_address=5, per_name=8, window=60)
    for host in range(8):
        throttle.failed("admin", f"10.0.1.{host}", 1)
    assert "暂停登录" in (throttle.refusal("admin", "10.0.2.1", 2) or "")


def test_logins_of_one_account_take_turns() -> None:
    throttle = LoginThrottle()
    assert throttle.account("张三") is throttle.account("张三")
    assert len({id(throttle.account(f"用户{n}")) for n in range(1000)}) <= LoginThrottle.STRIPES


def test_the_throttle_stays_bounded() -> None:
    throttle = LoginThrottle(keys=100, window=60)
    for number in range(1000):
        throttle.failed(f"用户{number}", f"10.0.{number // 250}.{number % 250}", number / 100)
    assert len(throttle._failures) <= 100


def test_the_dashboard_sees_every_change_to_users(registry: Store) -> None:
    """On both databases: a changed user changes the store version, whatever time it is stamped with."""
    from datetime import timedelta

    from planwatch.store.users import session_secret
    from planwatch.web.shared import SharedStore

    with registry.backend.transaction():
        session_secret(registry)  # a text value in the same settings table
    shared = SharedStore(registry)
    before = shared.version()
    add_user(registry, "甲", "long enough", "viewer", [], NOW)
    shared.changed()
    after = shared.version()
    assert after != before
    add_user(registry, "甲", "long enough", "enterprise", [CODES[0]], NOW - timedelta(days=30))
    shared.changed()
    assert shared.version() != after
