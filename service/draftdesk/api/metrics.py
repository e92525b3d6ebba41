"""Prometheus text exposition, kept in process (one set per worker)."""

from __future__ import annotations

import logging
import threading
from collections import Counter
from collections.abc import Callable, Mapping

from draftdesk.domain import Draft
from draftdesk.errors import DraftdeskError
from draftdesk.jobs.model import JobState

log = logging.getLogger("draftdesk.api")

# Seconds from a webhook accepted to its note posted: a template draft takes a second, a
# model's tens, a helpdesk outage with retries minutes.
JOB_SECONDS_BUCKETS = (0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0, 1800.0)


class Metrics:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._requests: Counter[tuple[str, str, int]] = Counter()
        self._drafts: Counter[tuple[str, str, str, bool]] = Counter()
        self._findings: Counter[tuple[str, str]] = Counter()
        self._stage_seconds: Counter[str] = Counter()
        self._stage_count: Counter[str] = Counter()
        self._wire_blocks: Counter[tuple[str, str]] = Counter()
        self._webhooks: Counter[tuple[str, str]] = Counter()
        self._jobs_accepted: Counter[str] = Counter()
        self._job_retries: Counter[str] = Counter()
        self._jobs_finished: Counter[tuple[str, str]] = Counter()
        self._job_reposts: Counter[str] = Counter()
        self._job_seconds: dict[str, _Histogram] = {}
        self._job_states: Callable[[], Mapping[JobState, int]] | None = None

    def record_request(self, method: str, route: str, status: int) -> None:
        with self._lock:
            self._requests[(method, route, status)] += 1

    def record_draft(self, draft: Draft) -> None:
        with self._lock:
            self._drafts[(draft.language, draft.intent.value, draft.model.name, draft.model.fallback_used)] += 1
            for finding in draft.findings:
                self._findings[(finding.rule, finding.severity.value)] += 1
            for stage, ms in draft.timings_ms.items():
                self._stage_seconds[stage] += ms / 1000
                self._stage_count[stage] += 1

    def record_wire_block(self, target: str, caught: Mapping[str, int]) -> None:
        """One request the wire guard stopped: +1 for each kind it caught (the counts
        within one request are not added, so the total is a number of requests)."""
        with self._lock:
            for kind in caught:
                self._wire_blocks[(target, kind)] += 1

    def record_webhook(self, helpdesk: str, outcome: str) -> None:
        """One webhook delivery: accepted, duplicate, ignored, or refused_<reason>."""
        with self._lock:
            self._webhooks[(helpdesk, outcome)] += 1

    # --- JobObserver ---

    def job_accepted(self, source: str) -> None:
        with self._lock:
            self._jobs_accepted[source] += 1

    def job_retried(self, source: str) -> None:
        with self._lock:
            self._job_retries[source] += 1

    def job_finished(self, source: str, *, state: JobState, seconds_since_accepted: float) -> None:
        with self._lock:
            self._jobs_finished[(source, state.value)] += 1
            if state == JobState.DONE:
                self._job_seconds.setdefault(source, _Histogram(JOB_SECONDS_BUCKETS)).observe(seconds_since_accepted)

    def job_post_repeated(self, source: str) -> None:
        with self._lock:
            self._job_reposts[source] += 1

    def watch_job_states(self, counts: Callable[[], Mapping[JobState, int]] | None) -> None:
        """Where `draftdesk_jobs{state}` is read at each scrape: the job table, which every
        process shares (None: not shown)."""
        self._job_states = counts

    def _job_lines(self) -> list[str]:
        lines = []
        if (counts := self._job_states) is not None:
            try:
                states = counts()
            except DraftdeskError as error:
                log.warning("job states not counted: %s", error.detail)
            else:
                lines += _family("draftdesk_jobs", "gauge", "Drafting jobs by state, from the job table (every process).",
                                 {f'state="{state}"': n for state, n in states.items()})
        with self._lock:
            lines += _family("draftdesk_webhooks_total", "counter", "Helpdesk webhook deliveries by outcome.",
                             {f'helpdesk="{h}",outcome="{o}"': n for (h, o), n in sorted(self._webhooks.items())})
            lines += _family("draftdesk_jobs_accepted_total", "counter", "Jobs accepted from webhooks (this process).",
                             {f'source="{s}"': n for s, n in sorted(self._jobs_accepted.items())})
            lines += _family("draftdesk_job_retries_total", "counter",
                             "Failed job attempts that will be tried again (workers of this process).",
                             {f'source="{s}"': n for s, n in sorted(self._job_retries.items())})
            lines += _family("draftdesk_jobs_finished_total", "counter",
                             "Jobs finished: done, or dead (failed for good), by workers of this process.",
                             {f'source="{s}",state="{st}"': n for (s, st), n in sorted(self._jobs_finished.items())})
            lines += _family("draftdesk_job_notes_reposted_total", "counter",
                             "Notes posted again after a post that was not confirmed (the ticket may show them twice).",
                             {f'source="{s}"': n for s, n in sorted(self._job_reposts.items())})
            lines += _family("draftdesk_job_seconds", "histogram", "From a webhook accepted to its note posted.", {})
            for source, histogram in sorted(self._job_seconds.items()):
                lines += histogram.lines("draftdesk_job_seconds", f'source="{source}"')
        return lines

    def render(self) -> str:
        lines = [
            "# HELP draftdesk_http_requests_total HTTP requests by method, route and status.",
            "# TYPE draftdesk_http_requests_total counter",
        ]
        with self._lock:
            lines += [
                f'draftdesk_http_requests_total{{method="{m}",route="{r}",status="{s}"}} {n}'
                for (m, r, s), n in sorted(self._requests.items())
            ]
            lines += [
                "# HELP draftdesk_drafts_total Drafts created.",
                "# TYPE draftdesk_drafts_total counter",
            ]
            lines += [
                f'draftdesk_drafts_total{{language="{lang}",intent="{i}",model="{m}",fallback="{str(f).lower()}"}} {n}'
                for (lang, i, m, f), n in sorted(self._drafts.items())
            ]
            lines += [
                "# HELP draftdesk_findings_total House-style findings on created drafts.",
                "# TYPE draftdesk_findings_total counter",
            ]
            lines += [
                f'draftdesk_findings_total{{rule="{r}",severity="{s}"}} {n}'
                for (r, s), n in sorted(self._findings.items())
            ]
            lines += [
                "# HELP draftdesk_stage_seconds Time spent per pipeline stage.",
                "# TYPE draftdesk_stage_seconds summary",
            ]
            for stage in sorted(self._stage_count):
                lines.append(f'draftdesk_stage_seconds_sum{{stage="{stage}"}} {self._stage_seconds[stage]:.6f}')
                lines.append(f'draftdesk_stage_seconds_count{{stage="{stage}"}} {self._stage_count[stage]}')
            lines += [
                "# HELP draftdesk_wire_guard_blocks_total Requests to a model or a remote embedder that the wire "
                "guard stopped (nothing sent), by what was caught.",
                "# TYPE draftdesk_wire_guard_blocks_total counter",
            ]
            lines += [
                f'draftdesk_wire_guard_blocks_total{{target="{t}",kind="{k}"}} {n}'
                for (t, k), n in sorted(self._wire_blocks.items())
            ]
        lines += self._job_lines()
        return "\n".join(lines) + "\n"


class _Histogram:
    """A Prometheus histogram: cumulative counts per upper bound, a count and a sum."""

    def __init__(self, bounds: tuple[float, ...]) -> None:
        self._bounds = bounds
        self._counts = [0] * len(bounds)
        self._count, self._sum = 0, 0.0

    def observe(self, value: float) -> None:
        for i, bound in enumerate(self._bounds):
            if value <= bound:
                self._counts[i] += 1
        self._count += 1
        self._sum += value

    def lines(self, name: str, labels: str) -> list[str]:
        buckets = [*zip(self._bounds, self._counts, strict=True), ("+Inf", self._count)]
        return [f'{name}_bucket{{{labels},le="{bound}"}} {n}' for bound, n in buckets] + [
            f"{name}_sum{{{labels}}} {self._sum:.6f}",
            f"{name}_count{{{labels}}} {self._count}",
        ]


def _family(name: str, kind: str, help_text: str, samples: Mapping[str, float]) -> list[str]:
    return [f"# HELP {name} {help_text}", f"# TYPE {name} {kind}"] + [
        f"{name}{{{labels}}} {value:g}" for labels, value in samples.items()
    ]


METRICS = Metrics()
