"""Who may see and write what: the per-org rule of each role, the same on the web, the API and the CLI.

``admin`` and ``viewer`` see everything; a park user its parks and every
enterprise under them; an enterprise user itself.  What a user may *write*
comes from the same rule, applied to the user's account — never to what an
uploaded file says about where an enterprise belongs.
"""

from __future__ import annotations

from planwatch.errors import InputError
from planwatch.importing.scope import Scope
from planwatch.service.accounts import User, user
from planwatch.store.database import Store
from planwatch.store.orgs import Org, below, load_orgs


class Forbidden(InputError):
    """The user's role does not reach this page or record."""

    exit_code = 3


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


def import_scope(user: User, orgs: dict[str, Org]) -> Scope | None:
    """What ``user`` may import: None for an admin (everything), else the enterprises and parks it reaches."""
    if not user.imports:
        raise Forbidden(f"{user.role_zh}不能导入数据。")
    if user.role == "admin":
        return None
    allowed = visible_orgs(user, orgs) or set()
    codes = frozenset(o.code for o in orgs.values() if o.id in allowed and o.kind == "enterprise")
    parks = frozenset(o.name for o in orgs.values() if o.id in allowed and o.kind == "park")
    return Scope(f"{user.role_zh}“{user.name}”", codes, parks)


def scope_for(store: Store, name: str, create_orgs: bool = False) -> Scope | None:
    """The import scope of the stored user ``name`` (``planwatch import --as-user``)."""
    found = user(store, name)
    if found is None:
        raise InputError(f"库中没有用户“{name}”：请用 planwatch user list 查看已有用户。")
    scope = import_scope(found, load_orgs(store))
    if scope is not None and create_orgs:
        raise Forbidden("只有县级管理员可以新建地区（--create-org）。")
    return scope
