"""RetryPolicy: exponential, jittered, capped; Retry-After honoured up to its own cap."""

from __future__ import annotations

import pytest

from draftdesk.jobs.backoff import RetryPolicy

POLICY = RetryPolicy(max_attempts=5, base_s=2.0, cap_s=30.0, retry_after_cap_s=600.0)


@pytest.mark.parametrize(
    ("attempt", "jitter", "retry_after_s", "expected"),
    [
        (1, 0.0, None, 1.0),  # half of the first step ...
        (1, 1.0, None, 2.0),  # ... up to all of it
        (2, 0.0, None, 2.0),
        (3, 0.5, None, 6.0),  # step 8: 4 + 0.5 × 4
        (4, 1.0, None, 16.0),
        (5, 1.0, None, 30.0),  # step 32, capped at 30
        (12, 0.0, None, 15.0),  # far past the cap: still capped, still jittered
        (1, 0.0, 45.0, 45.0),  # Retry-After longer than the backoff wins, even past the cap
        (4, 1.0, 3.0, 16.0),  # shorter than the backoff: the backoff stands
        (1, 0.0, 86_400.0, 600.0),  # a day is asked: up to retry_after_cap_s
        (0, 0.0, None, 1.0),  # nonsense in, the first step out
        (1, 7.0, None, 2.0),  # jitter outside 0–1 is clamped
    ],
)
def test_delays(attempt: int, jitter: float, retry_after_s: float | None, expected: float) -> None:
    assert POLICY.delay_s(attempt, jitter=jitter, retry_after_s=retry_after_s) == pytest.approx(expected)


def test_gives_up_after_the_last_attempt() -> None:
    assert [POLICY.gives_up_after(n) for n in range(1, 7)] == [False, False, False, False, True, True]


@pytest.mark.parametrize("bad", [{"max_attempts": 0}, {"base_s": -1.0}, {"base_s": 10.0, "cap_s": 5.0}])
def test_unusable_policies_are_refused(bad: dict[str, float]) -> None:
    with pytest.raises(ValueError, match="not a usable retry policy"):
        RetryPolicy(**bad)  # type: ignore[arg-type]
