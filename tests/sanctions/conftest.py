"""Fixtures the sanctions tests share."""

from __future__ import annotations

import pytest

from accordwatch.core.services import SYSTEM
from accordwatch.sanctions import own_lists
from accordwatch.sanctions.models import Regime


@pytest.fixture
def own(persona_users) -> Regime:
    """A list of the body's own, public and published, with no entry yet."""
    return own_lists.own_regime_create(
        actor=SYSTEM,
        name="Spoilers of the agreement",
        resolution="Contact group decision 3 (2017)",
        confidentiality="public",
        publication_state="published",
    )
