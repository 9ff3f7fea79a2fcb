"""Assistance records for tests, written through the services."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from accordwatch.assistance import services
from accordwatch.assistance.models import Flow, Organisation
from accordwatch.core.services import SYSTEM

_seq = itertools.count(1)
PUBLIC = {"confidentiality": "public", "publication_state": "published"}


def organisation(**values: Any) -> Organisation:
    n = next(_seq)
    values.setdefault("name", f"Organisation {n}")
    values.setdefault("is_donor", True)
    return services.organisation_upsert(actor=SYSTEM, key=values.pop("key", f"org-{n}"), **values)[
        0
    ]


def flow(**values: Any) -> Flow:
    values.setdefault("source_org", values.get("source_org") or organisation())
    values.setdefault("amount", "1000000")
    values.setdefault("currency", "USD")
    values.setdefault("status", "pledge")
    values.setdefault("date", dt.date(2017, 12, 13))
    values = {**PUBLIC, **values}
    return services.flow_create(actor=SYSTEM, **values).flow
