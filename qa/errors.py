"""Errors meant for people: each carries a message that says what to do next.

The CLI and the app print ``str(error)`` and never a traceback for these.
"""

from __future__ import annotations


class QAError(Exception):
    """Base class for every error the user can act on."""


class InputError(QAError, ValueError):
    """A bad argument: an empty query, k <= 0, a missing folder."""


class IndexMissingError(QAError):
    """No index at the given path."""


class IndexInvalidError(QAError):
    """An index that cannot be used as it is (stale schema, other embedder, damaged files)."""


class ModelMissingError(QAError):
    """A model or tokenizer package is not installed."""
