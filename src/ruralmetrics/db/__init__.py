"""The warehouse: models, engines and migrations, read-only queries."""

from __future__ import annotations

from . import models  # noqa: F401  (registers the tables on Base.metadata)
from .base import Base
from .engine import current, downgrade, ensure_schema, head, make_engine, upgrade, upgrade_to_head

__all__ = ["Base", "current", "downgrade", "ensure_schema", "head", "make_engine", "upgrade", "upgrade_to_head"]
