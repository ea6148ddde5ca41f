"""The emulator's clock ends with the last date the API can write (`LATEST`, the end of year
9999): a step past it is refused, and a clock flowing into it stops there."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scenario_async.emulator.clock import LATEST, EmulatorClock
from scenario_async.emulator.payloads import iso


class Wall:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_last_date_is_one_the_api_can_write() -> None:
    assert iso(LATEST) == "9999-12-31T23:59:59.000Z"


@pytest.mark.parametrize("held", [True, False])
@pytest.mark.parametrize("seconds", [1e308, 10**400, LATEST])
def test_a_step_past_the_last_date_is_refused_and_changes_nothing(
    held: bool, seconds: float
) -> None:
    wall = Wall()
    clock = EmulatorClock(wall, held=held)
    with pytest.raises(ValueError, match=r"past 9999-12-31T23:59:59Z|finite number"):
        clock.advance(seconds)
    with pytest.raises(ValueError, match="it can move at most"):
        clock.move_to(LATEST + 1)
    assert (clock(), clock.held) == (1000.0, held)


def test_a_clock_flowing_into_the_last_date_stops_there() -> None:
    wall = Wall()
    clock = EmulatorClock(wall, held=True)
    clock.move_to(LATEST - 1)
    clock.release()
    wall.now += 5
    assert clock() == LATEST
    clock.advance(0)
    with pytest.raises(ValueError, match=r"it can move at most 0\.000 s further"):
        clock.advance(1)
    assert iso(clock()) == "9999-12-31T23:59:59.000Z"


@given(steps=st.lists(st.floats(min_value=0, max_value=1e12), max_size=20))
def test_whatever_it_accepts_it_can_write(steps: list[float]) -> None:
    clock = EmulatorClock(Wall())
    for seconds in steps:
        before = clock()
        try:
            clock.advance(seconds)
        except ValueError:
            assert clock() == before
        iso(clock())
