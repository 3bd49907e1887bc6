"""A one-shot command's heap kept out of Python's full garbage collections.

``stelsel build`` loads the framework and its releases and generates every page before mkdocs
converts them: at N = 5,000 about 600 MB of small objects that stay alive to the end. Python's
cyclic collector walks every tracked object on each full collection; in one build it did so 14
times, 3.6 s of the build's own process (bench/results-site.md, session 10), and in a forked
child each walk also copies every page of the parent's memory it touches. Inside
:func:`one_shot`, :func:`settle` moves what is alive at that moment out of the collector's way
(``gc.freeze``): later collections walk only what was made since; and a full collection comes
after 100 collections of the middle generation instead of 10 (the young ones, where the
short-lived cycles of a page's conversion end, are collected as ever). Garbage that was alive when
frozen is freed by reference counting as ever; only reference cycles among it wait for the end of
the block, where everything is handed back to the collector (``gc.unfreeze``). Outside the block
(tests, ``stelsel serve``, which settles its own heap between edits) :func:`settle` does nothing.
"""

from __future__ import annotations

import contextlib
import gc

_depth = 0
FULL_AFTER = 100


@contextlib.contextmanager
def one_shot():
    """The block of a command whose loaded data lives to its end."""
    global _depth
    _depth += 1
    thresholds = gc.get_threshold()
    if _depth == 1:  # a full collection after 100 of the middle generation's, not 10: its heap only grows
        gc.set_threshold(thresholds[0], thresholds[1], max(thresholds[2], FULL_AFTER))
    try:
        yield
    finally:
        _depth -= 1
        if _depth == 0:
            gc.set_threshold(*thresholds)
            gc.unfreeze()


def settle() -> None:
    """Inside :func:`one_shot`: what is alive now is not walked by later full collections."""
    if _depth:
        gc.freeze()
