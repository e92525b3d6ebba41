"""When a failed job is tried again: exponential backoff with jitter, capped, never
sooner than the helpdesk's Retry-After. Pure."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, kw_only=True)
class RetryPolicy:
    max_attempts: int = 6
    base_s: float = 2.0  # the first retry waits between base_s / 2 and base_s
    cap_s: float = 300.0  # no backoff longer than this ...
    retry_after_cap_s: float = 3600.0  # ... unless the helpdesk asks for longer, up to this

    def __post_init__(self) -> None:
        if self.max_attempts < 1 or self.base_s < 0 or self.cap_s < self.base_s or self.retry_after_cap_s < 0:
            raise ValueError(f"not a usable retry policy: {self}")

    def delay_s(self, attempt: int, *, jitter: float, retry_after_s: float | None = None) -> float:
        """Seconds to wait after failed attempt number `attempt` (1 for the first).
        "Equal jitter": half the exponential step, plus `jitter` (0–1) times the other
        half, so workers that failed together do not all come back together, and no
        retry comes back at once."""
        step = min(self.cap_s, self.base_s * 2 ** (max(attempt, 1) - 1))
        delay = step / 2 + step / 2 * min(max(jitter, 0.0), 1.0)
        if retry_after_s is not None:
            delay = max(delay, min(retry_after_s, self.retry_after_cap_s))
        return delay

    def gives_up_after(self, attempt: int) -> bool:
        return attempt >= self.max_attempts
