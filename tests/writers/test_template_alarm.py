"""The template deadline's alarm never rings where its exception would be lost.

Python runs finalisers and weak-reference callbacks wherever an object dies; an alarm that rings inside
one and raises there reaches `sys.unraisablehook` ("Exception ignored in …"), not the render. The test
suite once failed one run in three that way (pytest reports unraisable exceptions)."""

from __future__ import annotations

import signal
import sys
from types import FrameType

import pytest

from reportpress.writers import html
from reportpress.writers.html import TemplateLimitError

pytestmark = pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="no interval timers here")


def _ring(frame: FrameType) -> BaseException | None:
    handler = signal.getsignal(signal.SIGALRM)
    assert callable(handler)
    try:
        handler(signal.SIGALRM, frame)
    except TemplateLimitError as error:
        return error
    return None


def test_an_alarm_in_a_finaliser_rings_again_instead_of_raising() -> None:
    outcomes: list[BaseException | None] = []

    class Dying:
        def __del__(self) -> None:
            outcomes.append(_ring(sys._getframe()))

    with html._render_limits():
        signal.setitimer(signal.ITIMER_REAL, 0)
        Dying()  # dies at once: its __del__ runs here, as a finaliser would anywhere
        again, _ = signal.getitimer(signal.ITIMER_REAL)
        assert outcomes == [None]
        assert 0 < again <= html.RING_AGAIN  # the alarm is set to ring again
        assert isinstance(_ring(sys._getframe()), TemplateLimitError)  # in ordinary code it raises


def test_an_alarm_in_a_weakref_callback_rings_again_instead_of_raising() -> None:
    import weakref

    frames: list[FrameType] = []

    class Thing:
        pass

    thing = Thing()
    finalizer = weakref.finalize(thing, lambda: frames.append(sys._getframe().f_back))  # type: ignore[arg-type]
    with html._render_limits():
        del thing  # weakref.finalize's machinery (module `weakref`) calls back from here
        assert finalizer.alive is False and frames and frames[0] is not None
        assert frames[0].f_globals["__name__"] == "weakref"
        assert _ring(frames[0]) is None
        assert isinstance(_ring(sys._getframe()), TemplateLimitError)
