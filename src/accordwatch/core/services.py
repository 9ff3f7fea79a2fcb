"""Every write to core records: one transaction, one audit event, permission checked here.

Services take keyword-only arguments; ``actor`` is the user who acts (``None`` only for system
jobs such as the demo loader and migrations run from the CLI by an operator).
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accordwatch.core import audit
from accordwatch.core.models import (
    Actor,
    ApiToken,
    Membership,
    Place,
    Role,
    Source,
    User,
)
from accordwatch.core.permissions import require_admin, require_editor

SYSTEM = None  # the acting "user" for jobs run by the operator (demo loader, CLI imports)


def _check_editor(user: Any) -> None:
    if user is not SYSTEM:
        require_editor(user)


def _as_stored(obj: models.Model) -> None:
    """Give decimals the places the database keeps (2 → 2.00), so that writing the same
    value again compares equal to what was read back and is no change."""
    for field in obj._meta.concrete_fields:
        value = getattr(obj, field.attname)
        if isinstance(field, models.DecimalField) and isinstance(value, Decimal):
            places = field.decimal_places or 0
            setattr(obj, field.attname, value.quantize(Decimal(1).scaleb(-places)))


def upsert(
    *,
    actor: Any,
    model: type[models.Model],
    key: str,
    values: Mapping[str, Any],
    m2m: Mapping[str, Iterable[Any]] | None = None,
    action_prefix: str | None = None,
    new: bool = False,
) -> tuple[Any, bool]:
    """Create or update the record with this stable ``key``; audit only real changes.

    Returns ``(record, changed)``. Running it twice with the same values changes nothing
    and writes no audit event, which is what makes imports and the demo idempotent. With
    ``new`` (a record added by hand) a key already in use is refused instead of updated.
    """
    _check_editor(actor)
    prefix = action_prefix or model._meta.model_name
    with transaction.atomic():
        existing = model._default_manager.select_for_update().filter(key=key).first()
        if new and existing is not None:
            raise ValidationError({"key": _("This key is taken; choose another.")})
        before = audit.snapshot(existing) if existing is not None else None
        created = existing is None
        obj = model(key=key) if existing is None else existing
        for name, value in values.items():
            setattr(obj, name, value)
        obj.full_clean()
        _as_stored(obj)
        if created or audit.snapshot(obj) != before:
            obj.save()
        for name, items in (m2m or {}).items():
            getattr(obj, name).set(list(items))
        after = audit.snapshot(obj)
        if after == before:
            return obj, False
        audit.record(
            user=actor,
            action=f"{prefix}.{'create' if created else 'update'}",
            obj=obj,
            before=before,
            after=after,
        )
        return obj, True


def source_upsert(*, actor: Any, key: str, **values: Any) -> tuple[Source, bool]:
    return upsert(actor=actor, model=Source, key=key, values=values)


def actor_upsert(
    *, actor: Any, key: str, sources: Iterable[Source] = (), **values: Any
) -> tuple[Actor, bool]:
    return upsert(actor=actor, model=Actor, key=key, values=values, m2m={"sources": sources})


def place_upsert(
    *, actor: Any, key: str, sources: Iterable[Source] = (), **values: Any
) -> tuple[Place, bool]:
    return upsert(actor=actor, model=Place, key=key, values=values, m2m={"sources": sources})


def membership_set(
    *,
    actor: Any,
    coalition: Actor,
    member: Actor,
    valid_from: Any = None,
    valid_to: Any = None,
    note: str = "",
    sources: Iterable[Source] = (),
    confidentiality: str = "public",
    publication_state: str = "published",
) -> tuple[Membership, bool]:
    """Record a member's time in a coalition; the same (coalition, member, start) updates."""
    _check_editor(actor)
    with transaction.atomic():
        obj = Membership.objects.filter(
            coalition=coalition, member=member, valid_from=valid_from
        ).first()
        before = audit.snapshot(obj) if obj else None
        if obj is None:
            obj = Membership(coalition=coalition, member=member, valid_from=valid_from)
        obj.valid_to, obj.note = valid_to, note
        obj.confidentiality, obj.publication_state = confidentiality, publication_state
        obj.full_clean()
        obj.save()
        obj.sources.set(list(sources))
        after = audit.snapshot(obj)
        if after == before:
            return obj, False
        audit.record(
            user=actor,
            action="membership.create" if before is None else "membership.update",
            obj=obj,
            object_label=f"{member} in {coalition}",
            before=before,
            after=after,
        )
        return obj, True


def _user_snapshot(user: User) -> dict[str, Any]:
    # Never put the password hash in the audit log.
    return audit.snapshot(user, exclude={"password", "last_login"})


def user_create(
    *,
    actor: Any,
    username: str,
    password: str,
    role: str = Role.MEMBER,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
) -> User:
    """Create a login. Only admins (or the operator at the CLI, ``actor=None``) may."""
    if actor is not SYSTEM:
        require_admin(actor)
    if role not in Role.values:
        raise ValidationError(
            {"role": f"unknown role {role!r}; choose one of {', '.join(Role.values)}"}
        )
    with transaction.atomic():
        user = User(
            username=username, email=email, first_name=first_name, last_name=last_name, role=role
        )
        validate_password(password, user)
        user.set_password(password)
        user.is_staff = role == Role.ADMIN
        user.full_clean()
        user.save()
        audit.record(user=actor, action="user.create", obj=user, after=_user_snapshot(user))
    return user


def user_set_role(*, actor: Any, user: User, role: str) -> User:
    if actor is not SYSTEM:
        require_admin(actor)
    if role not in Role.values:
        raise ValidationError({"role": f"unknown role {role!r}"})
    with transaction.atomic():
        before = _user_snapshot(user)
        user.role = role
        user.is_staff = role == Role.ADMIN
        user.save(update_fields=["role", "is_staff"])
        audit.record(
            user=actor, action="user.set_role", obj=user, before=before, after=_user_snapshot(user)
        )
    return user


def user_set_password(*, actor: Any, user: User, password: str) -> User:
    if actor is not SYSTEM and actor != user:
        require_admin(actor)
    validate_password(password, user)
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        audit.record(user=actor, action="user.set_password", obj=user)
    return user


TOKEN_PREFIX = "aw_"  # noqa: S105 - a marker, not a secret


def _token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def token_create(*, actor: Any, user: User, name: str) -> tuple[ApiToken, str]:
    """Issue an API token for ``user``. Returns the record and the token, shown only once."""
    if actor is not SYSTEM and actor != user:
        require_admin(actor)
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user, name=name, prefix=raw[:10], digest=_token_digest(raw)
        )
        audit.record(
            user=actor,
            action="token.create",
            obj=token,
            after={"user": user.get_username(), "name": name, "prefix": token.prefix},
        )
    return token, raw


def token_revoke(*, actor: Any, token: ApiToken) -> ApiToken:
    if actor is not SYSTEM and actor != token.user:
        require_admin(actor)
    with transaction.atomic():
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record(user=actor, action="token.revoke", obj=token)
    return token


def token_user(raw: str) -> User | None:
    """The active user a token belongs to, or None. (A read, kept here beside its digest.)"""
    if not raw.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=_token_digest(raw), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user
