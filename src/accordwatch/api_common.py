"""What every API router shares: who is calling, and how lists are paged.

Kept apart from ``accordwatch.api`` (which imports every router) so that a router can import
these without an import cycle.

Callers, tried in this order:

1. ``Authorization: Bearer aw_…``: a token from ``accordwatch token create USER``. A header
   that carries a wrong or revoked token is refused (401); it never falls back to anonymous,
   so a script with a dead token fails loudly instead of silently seeing less.
2. The Django session of the pages. Unsafe methods (POST …) need the CSRF token, exactly as
   a form would.
3. Nobody: the anonymous public, allowed on read endpoints only (``ANYONE``). Write endpoints
   use ``SIGNED_IN``, so an anonymous write is a 401; whether a signed-in caller may write
   is the services' decision (PermissionDenied, a 403).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as RequestInvalid
from ninja.pagination import LimitOffsetPagination
from ninja.security import HttpBearer, SessionAuth

from accordwatch.core.services import token_user


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = token_user(token.strip())
        if user is None:
            raise AuthenticationError(message="Invalid or revoked token.")
        return user


class SessionCookie(SessionAuth):
    """The pages' session; for unsafe methods the CSRF token is checked (ninja's own check).

    An anonymous visitor has no session to forge, so for them the CSRF check is skipped and
    the next way of calling is tried: an anonymous POST is then answered 401, not 403.
    """

    param_name = settings.SESSION_COOKIE_NAME

    def __call__(self, request: HttpRequest) -> Any:
        if not request.user.is_authenticated:
            return None
        return super().__call__(request)


def _anonymous(request: HttpRequest) -> AnonymousUser:
    return AnonymousUser()


SIGNED_IN: list[Any] = [BearerToken(), SessionCookie(csrf=True)]
ANYONE: list[Any] = [*SIGNED_IN, _anonymous]


def caller(request: HttpRequest) -> Any:
    """The user the request acts for (an ``AnonymousUser`` for the public)."""
    return getattr(request, "auth", None) or AnonymousUser()


def input_error(where: list[Any], message: str, kind: str = "value_error") -> RequestInvalid:
    """A 422 about one input (``where``: ``["query", name]``, ``["body", "payload", …]``), in
    the shape ninja gives its own validation errors, so a client reads both alike."""
    return RequestInvalid([{"type": kind, "loc": where, "msg": message}])


class Paging(LimitOffsetPagination):
    """``?limit=&offset=``; ``count`` is the total. Lists must come in a stable order."""

    class Input(Schema):
        limit: int = Field(50, ge=1, le=500, description="Items per page (at most 500).")
        offset: int = Field(0, ge=0, description="Items to skip.")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_limit=500, **kwargs)
