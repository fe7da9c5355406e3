"""ruralmetrics: figures, places and people from rural-revitalization reports, in SQL."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__", "derive", "load_paths", "reload_documents"]


def __getattr__(name: str):  # lazy: importing the package must not load jieba or the database
    if name in {"derive", "load_paths", "reload_documents"}:
        from . import pipeline

        return getattr(pipeline, name)
    raise AttributeError(name)
