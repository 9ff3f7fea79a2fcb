"""Role checks. Services call these before any write; selectors use them to filter reads."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

ROLE_RANK = {"member": 1, "editor": 2, "admin": 3}


def role_of(user: Any) -> str | None:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if getattr(user, "is_superuser", False):
        return "admin"
    return getattr(user, "role", None)


def has_role(user: Any, role: str) -> bool:
    current = role_of(user)
    return current is not None and ROLE_RANK.get(current, 0) >= ROLE_RANK[role]


def is_member(user: Any) -> bool:
    return has_role(user, "member")


def can_edit(user: Any) -> bool:
    return has_role(user, "editor")


def can_manage_users(user: Any) -> bool:
    return has_role(user, "admin")


def require_editor(user: Any) -> None:
    if not can_edit(user):
        raise PermissionDenied("Only editors and admins may change records.")


def require_admin(user: Any) -> None:
    if not can_manage_users(user):
        raise PermissionDenied("Only admins may manage users.")
