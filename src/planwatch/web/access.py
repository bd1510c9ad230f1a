"""Who may see what: users, roles, password hashes and the per-org rule.

Roles: ``admin`` (county staff: everything, imports), ``park`` (its parks and
their enterprises; imports for them), ``enterprise`` (its own USCC only),
``viewer`` (reads everything, writes nothing).  Passwords are hashed with
argon2id (argon2-cffi's defaults, RFC 9106's second recommended set).
"""

from __future__ import annotations

import hashlib
import threading
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from planwatch.errors import InputError
from planwatch.store.database import Store
from planwatch.store.orgs import Org, below, find_park, load_orgs
from planwatch.store.users import ROLE_ZH, ROLES, StoredUser, find_user, save_user
from planwatch.uscc import validate as validate_uscc

HASHER = PasswordHasher()
MIN_PASSWORD = 8
MAX_NAME = 64


class Forbidden(InputError):
    """The user's role does not reach this page or record."""

    exit_code = 3


@dataclass(frozen=True)
class User:
    name: str
    role: str
    scope: tuple[str, ...]
    stamp: str = field(default="", compare=False)
    """A digest of the password hash, role and scope: a session made before a change no longer matches."""

    @property
    def role_zh(self) -> str:
        return ROLE_ZH[self.role]

    @property
    def reads_plans(self) -> bool:
        """County-level pages (plans, targets, parks, projects, audit) are for government staff."""
        return self.role != "enterprise"

    @property
    def imports(self) -> bool:
        return self.role in {"admin", "park", "enterprise"}


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise InputError(f"密码至少 {MIN_PASSWORD} 位，请换一个更长的密码。")
    return HASHER.hash(password)


def verify_password(digest: str, password: str) -> bool:
    try:
        return HASHER.verify(digest, password)
    except (VerificationError, InvalidHashError):
        return False


def add_user(store: Store, name: str, password: str, role: str, scope: list[str], now: datetime) -> User:
    """Create or replace a user; the scope names parks (park role) or one USCC (enterprise role)."""
    name = name.strip()
    if not name:
        raise InputError("用户名不能为空。")
    if len(name) > MAX_NAME:
        raise InputError(f"用户名不能超过 {MAX_NAME} 个字符，请换一个短一些的用户名。")
    if role not in ROLES:
        raise InputError(f"角色只能是 {'、'.join(ROLES)}，而不是“{role}”。")
    orgs = load_orgs(store)
    codes: list[str] = []
    if role == "park":
        if not scope:
            raise InputError("园区用户需要用 --park 指定至少一个园区。")
        codes.extend(find_park(orgs, park).code for park in scope)
    elif role == "enterprise":
        if len(scope) != 1:
            raise InputError("企业用户需要用 --uscc 指定一个统一社会信用代码。")
        codes.append(validate_uscc(scope[0]))  # raises InvalidUSCC saying what is wrong
    elif scope:
        raise InputError(f"{ROLE_ZH[role]}不限定范围，请去掉 --park / --uscc。")
    save_user(store, StoredUser(name, hash_password(password), role, tuple(codes)), now)
    return User(name, role, tuple(codes))


def authenticate(store: Store, name: str, password: str) -> User | None:
    return check_password(find_user(store, name), password)


def check_password(stored: StoredUser | None, password: str) -> User | None:
    """The user if the password is right (about 50 ms of argon2: call it outside any lock)."""
    if stored is None:
        HASHER.hash(password)  # spend the same time whether or not the name exists
        return None
    if not verify_password(stored.password_hash, password):
        return None
    return _user(stored)


def user(store: Store, name: str) -> User | None:
    stored = find_user(store, name)
    return _user(stored) if stored else None


def _user(stored: StoredUser) -> User:
    held = "\n".join([stored.password_hash, stored.role, *stored.scope])
    stamp = hashlib.sha256(held.encode()).hexdigest()[:16]
    return User(stored.name, stored.role, stored.scope, stamp)


def visible_orgs(user: User, orgs: dict[str, Org]) -> set[int] | None:
    """The org ids ``user`` may see, or None for all of them."""
    if user.role in {"admin", "viewer"}:
        return None
    if user.role == "enterprise":
        return {orgs[code].id for code in user.scope if code in orgs}
    return below(orgs, {orgs[code].id for code in user.scope if code in orgs})


def may_see(user: User, org: Org, orgs: dict[str, Org]) -> bool:
    allowed = visible_orgs(user, orgs)
    return allowed is None or org.id in allowed


def check_org(user: User, org: Org, orgs: dict[str, Org]) -> None:
    if not may_see(user, org, orgs):
        raise Forbidden(f"无权查看“{org.name}”的数据：{user.role_zh}只能查看本单位范围内的数据。")


class LoginThrottle:
    """Refuses logins after repeated failures: per account and address, per address, per account overall.

    Someone guessing from one address pauses the account there (5 in 15 minutes) without locking
    the owner out elsewhere; one address guessing many accounts pauses that address (30); the
    same account guessed from many addresses pauses it everywhere (50).  Attempts on one account
    are checked one at a time (``account``), so parallel guesses each see the failures before
    them; a whole office behind one address can still log in at once.  In memory, per server
    process, pruned and bounded; several processes should also limit at the reverse proxy (README).
    """

    STRIPES = 64

    def __init__(
        self, per_pair: int = 5, per_address: int = 30, per_name: int = 50, window: float = 15 * 60, keys: int = 10_000
    ) -> None:
        self.limits = {"pair": per_pair, "address": per_address, "name": per_name}
        self.window = window
        self.keys = keys
        self._failures: dict[tuple[str, str], deque[float]] = {}
        self._stripes = [threading.Lock() for _ in range(self.STRIPES)]

    def account(self, name: str) -> threading.Lock:
        """Held around one login of ``name`` (a fixed set of locks: bounded whatever names are tried)."""
        digest = hashlib.sha256(name.encode()).digest()
        return self._stripes[int.from_bytes(digest[:4], "big") % self.STRIPES]

    def refusal(self, name: str, address: str, now: float) -> str | None:
        """Why a login for ``name`` from ``address`` is refused now, or None if it may be tried."""
        for kind, key in self._keys(name, address):
            if self._recent((kind, key), now) >= self.limits[kind]:
                wait = self._wait((kind, key), now)
                if kind == "address":
                    return f"本机登录失败次数过多，请 {wait} 分钟后再试。"
                return f"该账号连续登录失败 {self.limits['pair']} 次以上，已暂停登录 {wait} 分钟；如忘记密码请联系管理员重设。"
        return None

    def failed(self, name: str, address: str, now: float) -> None:
        for key in self._keys(name, address):
            self._failures.setdefault(key, deque()).append(now)
        if len(self._failures) > self.keys:
            self._prune(now)

    def succeeded(self, name: str, address: str) -> None:
        """The password was right: forget the account's failures from this address."""
        self._failures.pop(("pair", f"{name}\n{address}"), None)

    def _keys(self, name: str, address: str) -> list[tuple[str, str]]:
        return [("pair", f"{name}\n{address}"), ("address", address), ("name", name)]

    def _recent(self, key: tuple[str, str], now: float) -> int:
        times = self._failures.get(key)
        if not times:
            return 0
        while times and times[0] <= now - self.window:
            times.popleft()
        if not times:
            del self._failures[key]
            return 0
        return len(times)

    def _wait(self, key: tuple[str, str], now: float) -> int:
        oldest = self._failures[key][0]
        return max(1, round((oldest + self.window - now) / 60))

    def _prune(self, now: float) -> None:
        """Drop what has left the window; if still too many keys, the least recently failed ones."""
        for key in list(self._failures):
            self._recent(key, now)
        if len(self._failures) > self.keys:
            newest_first = sorted(self._failures, key=lambda k: self._failures[k][-1], reverse=True)
            for key in newest_first[self.keys :]:
                del self._failures[key]
