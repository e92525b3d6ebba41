"""The job counters and the latency histogram kept in the job store (SQLite and
PostgreSQL): each event counted with the change it counts, nothing for a change that did
not happen, exact under concurrent workers; and how `/metrics` renders them."""

from __future__ import annotations

import logging
import math
import threading
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from draftdesk.adapters.database import Database
from draftdesk.adapters.sql_jobs import SqlJobStore
from draftdesk.api.metrics import Metrics
from draftdesk.errors import StoreUnavailable
from draftdesk.jobs.model import JobState
from draftdesk.jobs.stats import JOB_SECONDS_BUCKETS, JobEvent, JobStats, JobTally, seconds_bucket
from tests.adapters.conftest import sqlite_database
from tests.jobs.support import START, make_job


@pytest.fixture()
def jobs(database: Database) -> SqlJobStore:
    return SqlJobStore(database)


def at(seconds: float) -> datetime:
    return START + timedelta(seconds=seconds)


def totals(jobs: SqlJobStore) -> dict[str, dict[str, int]]:
    stats = jobs.stats()
    return {event.value: found for event in JobEvent if (found := stats.totals(event))}


def test_each_event_is_counted_with_the_change_it_counts(jobs: SqlJobStore) -> None:
    zendesk_a, zendesk_b, chatwoot = make_job(1), make_job(2), make_job(3, chatwoot=True)
    jobs.add_many([zendesk_a, zendesk_b, chatwoot, make_job(1)])  # the last one: a delivery sent again
    assert totals(jobs) == {"accepted": {"chatwoot": 1, "zendesk": 2}}

    jobs.claim(worker="w1", now=at(0), lease_s=30, job_id=zendesk_a.id)
    assert jobs.mark_posting(zendesk_a.id, worker="w1", now=at(0))  # a first post: no repost
    assert jobs.reschedule(zendesk_a.id, worker="w1", at=at(5), error="no answer", posting_since=at(0), now=at(1))
    jobs.claim(worker="w2", now=at(5), lease_s=30, job_id=zendesk_a.id)
    assert jobs.mark_posting(zendesk_a.id, worker="w2", now=at(5))  # the unconfirmed post is made again
    assert jobs.finish(zendesk_a.id, worker="w2", now=at(7))
    jobs.claim(worker="w1", now=at(0), lease_s=30, job_id=zendesk_b.id)
    assert jobs.bury(zendesk_b.id, worker="w1", error="rejected", posting_since=None, now=at(2))
    jobs.claim(worker="w1", now=at(0), lease_s=30, job_id=chatwoot.id)
    assert jobs.finish(chatwoot.id, worker="w1", now=at(0.4))
    jobs.requeue(zendesk_b.id, now=at(3))  # by hand: not an event of its own

    assert totals(jobs) == {
        "accepted": {"chatwoot": 1, "zendesk": 2},
        "retried": {"zendesk": 1},
        "reposted": {"zendesk": 1},
        "done": {"chatwoot": 1, "zendesk": 1},
        "dead": {"zendesk": 1},
    }
    latency = jobs.stats().latency()
    assert (latency["zendesk"].count, latency["zendesk"].sum) == (1, 7.0)  # accepted at 0, done at 7
    assert dict(latency["zendesk"].buckets)[5.0] == 0 and dict(latency["zendesk"].buckets)[10.0] == 1
    assert (latency["chatwoot"].count, dict(latency["chatwoot"].buckets)[0.5]) == (1, 1)
    assert latency["chatwoot"].sum == pytest.approx(0.4)


def test_a_worker_that_lost_its_lease_counts_nothing(jobs: SqlJobStore) -> None:
    job, _ = jobs.add(make_job())
    jobs.claim(worker="slow", now=at(0), lease_s=30)
    jobs.mark_posting(job.id, worker="slow", now=at(1))
    jobs.claim(worker="fast", now=at(31), lease_s=30)  # took it over
    assert not jobs.mark_posting(job.id, worker="slow", now=at(32))
    assert not jobs.reschedule(job.id, worker="slow", at=at(40), error="x", posting_since=None, now=at(32))
    assert not jobs.bury(job.id, worker="slow", error="x", posting_since=None, now=at(32))
    assert not jobs.finish(job.id, worker="slow", now=at(32))
    assert totals(jobs) == {"accepted": {"zendesk": 1}}
    assert jobs.finish(job.id, worker="fast", now=at(33))
    assert totals(jobs) == {"accepted": {"zendesk": 1}, "done": {"zendesk": 1}}


def test_workers_finishing_at_once_count_every_job_once(jobs: SqlJobStore) -> None:
    """Six workers finish 30 jobs at the same moment: the counter rows they all add to
    end at exactly 30 (on PostgreSQL each waits for the row lock of the one before)."""
    for n in range(30):
        jobs.add(make_job(n))
    barrier = threading.Barrier(6)
    finished: list[bool] = []

    def worker(name: str) -> None:
        mine = jobs.claim(worker=name, now=at(0), lease_s=60, limit=5)
        barrier.wait()
        finished.extend(jobs.finish(job.id, worker=name, now=at(1)) for job in mine)

    threads = [threading.Thread(target=worker, args=(f"w{n}",)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert finished == [True] * 30
    assert jobs.stats().totals(JobEvent.DONE) == {"zendesk": 30} == {"zendesk": jobs.counts()[JobState.DONE]}
    assert jobs.stats().latency()["zendesk"].count == 30


@pytest.mark.parametrize(
    ("seconds", "bucket"),
    [(0.0, "0.5"), (0.5, "0.5"), (0.51, "1.0"), (7, "10.0"), (1800, "1800.0"), (1800.1, "+Inf")],
)
def test_a_done_job_falls_in_the_smallest_bucket_it_does_not_exceed(seconds: float, bucket: str) -> None:
    assert seconds_bucket(seconds) == bucket


def test_the_histogram_is_cumulative_and_buckets_of_old_bounds_count_towards_larger_ones() -> None:
    stats = JobStats(
        tallies=(
            JobTally(source="zendesk", event=JobEvent.DONE, bucket="0.5", count=2, seconds=0.6),
            JobTally(source="zendesk", event=JobEvent.DONE, bucket="0.75", count=1, seconds=0.7),  # a bound no longer used
            JobTally(source="zendesk", event=JobEvent.DONE, bucket="+Inf", count=1, seconds=4000.0),
            JobTally(source="zendesk", event=JobEvent.DEAD, count=5),
        )
    )
    (latency,) = stats.latency().values()
    assert latency.buckets[:3] == ((0.5, 2), (1.0, 3), (2.5, 3)) and latency.buckets[-1] == (1800.0, 3)
    assert (latency.count, latency.sum) == (4, pytest.approx(4001.3))
    assert [bound for bound, _ in latency.buckets] == list(JOB_SECONDS_BUCKETS) and not math.isinf(latency.buckets[-1][0])


def test_metrics_render_the_store_s_numbers(tmp_path: Path) -> None:
    jobs = SqlJobStore(sqlite_database(tmp_path))
    job, _ = jobs.add(make_job())
    jobs.claim(worker="w1", now=at(0), lease_s=30)
    jobs.reschedule(job.id, worker="w1", at=at(1), error="503", posting_since=None, now=at(0))
    jobs.claim(worker="w1", now=at(1), lease_s=30)
    jobs.finish(job.id, worker="w1", now=at(2))
    metrics = Metrics()
    metrics.watch_jobs(jobs)
    lines = set(metrics.render().splitlines())
    assert {
        'draftdesk_jobs{state="done"} 1',
        'draftdesk_jobs{state="retrying"} 0',
        'draftdesk_jobs_accepted_total{source="zendesk"} 1',
        'draftdesk_job_retries_total{source="zendesk"} 1',
        'draftdesk_jobs_finished_total{source="zendesk",state="done"} 1',
        'draftdesk_job_seconds_bucket{source="zendesk",le="1.0"} 0',
        'draftdesk_job_seconds_bucket{source="zendesk",le="2.5"} 1',
        'draftdesk_job_seconds_bucket{source="zendesk",le="+Inf"} 1',
        'draftdesk_job_seconds_sum{source="zendesk"} 2.000000',
        'draftdesk_job_seconds_count{source="zendesk"} 1',
        "# TYPE draftdesk_job_seconds histogram",
    } <= lines
    assert not any(line.startswith("draftdesk_job_notes_reposted_total{") for line in lines)  # none yet


class UnreachableJobs:
    def counts(self) -> dict[JobState, int]:
        raise StoreUnavailable("the database failed while reading: OperationalError")

    def stats(self) -> JobStats:
        raise AssertionError("not reached")


def test_an_unreachable_store_leaves_the_job_metrics_out_and_the_rest_in(caplog: pytest.LogCaptureFixture) -> None:
    metrics = Metrics()
    metrics.watch_jobs(UnreachableJobs())  # type: ignore[arg-type]
    metrics.record_webhook("zendesk", "accepted")
    with caplog.at_level(logging.WARNING):
        text = metrics.render()
    assert "draftdesk_jobs{" not in text and "draftdesk_job_seconds" not in text
    assert 'draftdesk_webhooks_total{helpdesk="zendesk",outcome="accepted"} 1' in text
    assert "job metrics not read: the database failed while reading" in caplog.text
