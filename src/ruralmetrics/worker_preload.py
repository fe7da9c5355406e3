"""Imported by the derivation workers' fork server only (``multiprocessing`` preload): ``worker.warm``.

A failure is ignored here: the workers then load what they need themselves, and report their own errors.
"""

from contextlib import suppress

from .worker import warm

with suppress(Exception):
    warm()
