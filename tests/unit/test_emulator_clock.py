"""The emulator's clock, on a fake wall clock: held, released, moved forward, never back, and
never past the last date the API can write (`LATEST`, the end of year 9999): a step past it is
refused, and a clock flowing into it stops there."""

from __future__ import annotations

import math

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


def test_unheld_it_follows_the_wall_clock_shifted_by_every_advance() -> None:
    wall = Wall()
    clock = EmulatorClock(wall)
    assert (clock(), clock.held) == (1000.0, False)
    wall.now += 5
    clock.advance(2.5)
    assert clock() == 1007.5
    wall.now += 1
    assert clock() == 1008.5


def test_held_it_stands_still_until_moved_and_release_goes_on_from_there() -> None:
    wall = Wall()
    clock = EmulatorClock(wall, held=True)
    wall.now += 60
    assert (clock(), clock.held) == (1000.0, True)
    clock.advance(3)
    clock.move_to(1004.0)
    assert clock() == 1004.0
    clock.release()
    assert (clock(), clock.held) == (1004.0, False)  # no jump to the wall clock's 1060
    wall.now += 2
    assert clock() == 1006.0
    clock.hold()
    clock.hold()  # holding a held clock changes nothing
    wall.now += 10
    assert clock() == 1006.0
    clock.release()
    clock.release()
    assert clock() == 1006.0


@pytest.mark.parametrize("seconds", [-1.0, math.nan, math.inf])
def test_it_never_goes_back_nor_to_nowhere(seconds: float) -> None:
    clock = EmulatorClock(Wall(), held=True)
    with pytest.raises(ValueError, match="seconds"):
        clock.advance(seconds)
    with pytest.raises(ValueError, match="does not go back"):
        clock.move_to(999.0)
    assert clock() == 1000.0


@pytest.mark.parametrize("seconds", ["1", None, True])
def test_a_step_is_a_number(seconds: object) -> None:
    with pytest.raises(TypeError, match="seconds must be a number"):
        EmulatorClock(Wall()).advance(seconds)  # type: ignore[arg-type]


@given(
    steps=st.lists(
        st.tuples(st.sampled_from(["hold", "release", "wall", "advance"]), st.floats(0, 100)),
        max_size=30,
    )
)
def test_time_only_moves_forward(steps: list[tuple[str, float]]) -> None:
    wall = Wall()
    clock = EmulatorClock(wall)
    last = clock()
    for action, amount in steps:
        match action:
            case "hold":
                clock.hold()
            case "release":
                clock.release()
            case "wall":
                wall.now += amount
            case "advance":
                clock.advance(amount)
        now = clock()
        assert now >= last
        if clock.held and action == "wall":
            assert now == last
        last = now


# --- the last date ------------------------------------------------------------------------------


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
