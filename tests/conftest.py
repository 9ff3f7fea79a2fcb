"""Personas for every permission test: admin, analyst (editor), delegate (member), outsider.

``outsider`` is the public: an anonymous visitor. A permission test is one line:

    def test_x(as_persona): response = as_persona("delegate").get(url)
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.test import Client

from accordwatch.core import services
from accordwatch.core.models import Role, User

PERSONA_ROLES = {"admin": Role.ADMIN, "analyst": Role.EDITOR, "delegate": Role.MEMBER}
PERSONAS = ["admin", "analyst", "delegate", "outsider"]
PASSWORD = "correct-horse-battery-staple-42"

REAL_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "real"


def real_file(name: str) -> Path:
    """A file from ../shared/data/real; a missing one fails the test, naming the file."""
    path = REAL_DATA / name
    if not path.exists():
        pytest.fail(f"real data file missing: {path} (see ../shared/data/real/SOURCES.md)")
    return path


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing():
    """Tests create many logins; real hashing would spend most of the run in PBKDF2."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def persona_users(db) -> dict[str, User]:
    return {
        name: services.user_create(
            actor=services.SYSTEM, username=name, password=PASSWORD, role=role
        )
        for name, role in PERSONA_ROLES.items()
    }


@pytest.fixture
def admin(persona_users) -> User:
    return persona_users["admin"]


@pytest.fixture
def analyst(persona_users) -> User:
    return persona_users["analyst"]


@pytest.fixture
def delegate(persona_users) -> User:
    return persona_users["delegate"]


@pytest.fixture
def as_persona(persona_users) -> Callable[[str], Client]:
    """A logged-in test client for a persona; "outsider" is anonymous."""

    def make(name: str) -> Client:
        client = Client()
        if name != "outsider":
            client.force_login(persona_users[name])
        return client

    return make


@pytest.fixture
def user_of(persona_users) -> Callable[[str], User | None]:
    """The persona's user object (None for the anonymous outsider), for selector tests."""

    def get(name: str) -> User | None:
        return persona_users.get(name)

    return get
