"""What has happened to jobs, counted: the numbers behind the job counters and the latency
histogram of `/metrics`. Data and pure functions only.

The job store keeps the tallies and adds to them in the transaction of the change each
one counts (`adapters/sql_job_stats.py`). So every process that runs jobs (the API's
embedded worker, any number of `draftdesk worker`s) adds to the same numbers, each change
is counted once, and a change that did not happen (a worker that lost its lease) counts
nothing.
"""

from __future__ import annotations

import math
from collections import Counter
from enum import StrEnum

from draftdesk.domain import Frozen

# Seconds from a webhook accepted to its note posted: a template draft takes a second, a
# model's tens, a helpdesk outage with retries minutes.
JOB_SECONDS_BUCKETS = (0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0, 1800.0)
NO_BUCKET = ""
OVERFLOW_BUCKET = "+Inf"


class JobEvent(StrEnum):
    ACCEPTED = "accepted"  # a delivery stored as a new job
    RETRIED = "retried"  # an attempt failed; the job will be tried again
    REPOSTED = "reposted"  # a note posted again after an earlier post was not confirmed
    DONE = "done"  # the note is on the ticket; tallied by its seconds since accepted
    DEAD = "dead"  # given up


def seconds_bucket(seconds: float) -> str:
    """The histogram bucket of a done job: the smallest bound it does not exceed."""
    return next((str(bound) for bound in JOB_SECONDS_BUCKETS if seconds <= bound), OVERFLOW_BUCKET)


class JobTally(Frozen):
    """How often `event` happened to jobs from `source`. Done jobs are tallied per `bucket`
    (the upper bound of their seconds from accepted to done) with the sum of those seconds;
    the other events have no bucket."""

    source: str
    event: JobEvent
    bucket: str = NO_BUCKET
    count: int
    seconds: float = 0.0


class Latency(Frozen):
    """A Prometheus histogram: cumulative counts per upper bound, a count and a sum."""

    buckets: tuple[tuple[float, int], ...]
    count: int
    sum: float


class JobStats(Frozen):
    tallies: tuple[JobTally, ...] = ()

    def totals(self, event: JobEvent) -> dict[str, int]:
        """How often `event` happened, by source."""
        by_source: Counter[str] = Counter()
        for tally in self.tallies:
            if tally.event == event:
                by_source[tally.source] += tally.count
        return dict(sorted(by_source.items()))

    def latency(self) -> dict[str, Latency]:
        """Seconds from accepted to done, by source (sources with a done job only).
        A bucket of bounds used before counts towards every current bound above it."""
        done = [tally for tally in self.tallies if tally.event == JobEvent.DONE]
        histograms = {}
        for source in sorted({tally.source for tally in done}):
            mine = [(_bound(tally.bucket), tally.count, tally.seconds) for tally in done if tally.source == source]
            histograms[source] = Latency(
                buckets=tuple((bound, sum(n for le, n, _ in mine if le <= bound)) for bound in JOB_SECONDS_BUCKETS),
                count=sum(n for _, n, _ in mine),
                sum=sum(seconds for _, _, seconds in mine),
            )
        return histograms


def _bound(bucket: str) -> float:
    return math.inf if bucket == OVERFLOW_BUCKET else float(bucket)
