"""Accounts: users, roles and passwords — created by ``planwatch user add`` and checked at the dashboard's login.

Roles: ``admin`` (county staff: everything, imports), ``park`` (its parks and
their enterprises; imports for them), ``enterprise`` (its own USCC only),
``viewer`` (reads everything, writes nothing).  Passwords are hashed with
argon2id (argon2-cffi's defaults, RFC 9106's second recommended set).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from planwatch.errors import InputError
from planwatch.store.database import Store
from planwatch.store.log import record
from planwatch.store.orgs import find_park, load_orgs
from planwatch.store.sessions import end_user_sessions
from planwatch.store.users import ROLE_ZH, ROLES, StoredUser, find_user, save_user
from planwatch.uscc import validate as validate_uscc

HASHER = PasswordHasher()
MIN_PASSWORD = 8
MAX_NAME = 64


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


def add_user(
    store: Store, name: str, password: str, role: str, scope: list[str], now: datetime, actor: str = "系统"
) -> User:
    """Create or replace a user; the scope names parks (park role) or one USCC (enterprise role).

    Replacing a user (a new password, role or scope) ends the sessions it has open, and the change is logged.
    """
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
    digest = hash_password(password)
    with store.backend.transaction():
        replaced = find_user(store, name) is not None
        save_user(store, StoredUser(name, digest, role, tuple(codes)), now)
        ended = end_user_sessions(store, name, "changed", now) if replaced else 0
        detail = (
            f"{ROLE_ZH[role]}"
            + (f"，范围 {'、'.join(codes)}" if codes else "")
            + ("（修改）" if replaced else "（新增）")
        )
        record(store, actor, "user", name, now, detail + (f"，结束会话 {ended} 个" if ended else ""))
    return User(name, role, tuple(codes))


def revoke(store: Store, name: str, now: datetime, actor: str = "系统") -> int:
    """End every session of ``name`` at once (a lost phone, a colleague who left); how many were open."""
    if find_user(store, name) is None:
        raise InputError(f"库中没有用户“{name}”：请用 planwatch user list 查看已有用户。")
    with store.backend.transaction():
        ended = end_user_sessions(store, name, "revoked", now)
        record(store, actor, "revoke", name, now, f"结束会话 {ended} 个")
    return ended


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


@dataclass(frozen=True)
class Account(User):
    """A demo account with its password in clear, printed once when the demo starts."""

    password: str = field(default="", repr=False)


def demo_accounts(store: Store) -> list[Account]:
    """One user per role, with fresh random passwords: the biggest park, an enterprise in it."""
    orgs = load_orgs(store)
    parks = [o for o in orgs.values() if o.kind == "park"]
    members = {p.code: [o for o in orgs.values() if o.kind == "enterprise" and o.parent_id == p.id] for p in parks}
    park = max(parks, key=lambda p: len(members[p.code]))
    firm = sorted(members[park.code], key=lambda o: o.name)[0]
    wanted = [
        ("admin", "admin", ()),
        ("park", "park", (park.code,)),
        ("enterprise", "enterprise", (firm.code,)),
        ("viewer", "viewer", ()),
    ]
    accounts = []
    now = store.now()
    with store.backend.transaction():
        for name, role, scope in wanted:
            password = secrets.token_urlsafe(9)
            add_user(store, name, password, role, list(scope), now)
            accounts.append(Account(name, role, scope, password=password))
    return accounts
