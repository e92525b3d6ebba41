"""Prometheus text exposition. Requests, drafts, findings, stages, wire-guard blocks and
webhook deliveries are counted in this process (one set per API worker); the jobs' gauges,
counters and latency histogram are read from the job store at each scrape, so they cover
every process that accepts or runs jobs and are the same whichever process is asked."""

from __future__ import annotations

import logging
import threading
from collections import Counter
from collections.abc import Mapping

from draftdesk.domain import Draft
from draftdesk.errors import DraftdeskError
from draftdesk.jobs.stats import JobEvent, JobStats, Latency
from draftdesk.ports import JobStore

log = logging.getLogger("draftdesk.api")


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
        self._jobs: JobStore | None = None

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

    def watch_jobs(self, jobs: JobStore | None) -> None:
        """Where the job metrics are read at each scrape: the job store, which every
        process shares (None: not shown)."""
        self._jobs = jobs

    def _job_lines(self) -> list[str]:
        lines = []
        if (jobs := self._jobs) is not None:
            try:
                states, stats = jobs.counts(), jobs.stats()
            except DraftdeskError as error:
                log.warning("job metrics not read: %s", error.detail)
            else:
                lines += _family("draftdesk_jobs", "gauge", "Drafting jobs by state, from the job table (every process).",
                                 {f'state="{state}"': n for state, n in states.items()})
                lines += _job_stats_lines(stats)
        with self._lock:
            lines += _family("draftdesk_webhooks_total", "counter", "Helpdesk webhook deliveries by outcome (this process).",
                             {f'helpdesk="{h}",outcome="{o}"': n for (h, o), n in sorted(self._webhooks.items())})
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


def _job_stats_lines(stats: JobStats) -> list[str]:
    finished = {
        (source, event.value): n for event in (JobEvent.DONE, JobEvent.DEAD) for source, n in stats.totals(event).items()
    }
    lines = _family("draftdesk_jobs_accepted_total", "counter", "Jobs accepted from webhooks (every process).",
                    {f'source="{s}"': n for s, n in stats.totals(JobEvent.ACCEPTED).items()})
    lines += _family("draftdesk_job_retries_total", "counter",
                     "Failed job attempts that will be tried again (every worker).",
                     {f'source="{s}"': n for s, n in stats.totals(JobEvent.RETRIED).items()})
    lines += _family("draftdesk_jobs_finished_total", "counter",
                     "Jobs finished: done, or dead (failed for good), by every worker.",
                     {f'source="{s}",state="{st}"': n for (s, st), n in sorted(finished.items())})
    lines += _family("draftdesk_job_notes_reposted_total", "counter",
                     "Notes posted again after a post that was not confirmed (the ticket may show them twice).",
                     {f'source="{s}"': n for s, n in stats.totals(JobEvent.REPOSTED).items()})
    lines += _family("draftdesk_job_seconds", "histogram",
                     "From a webhook accepted to its note posted (every worker).", {})
    for source, latency in stats.latency().items():
        lines += _histogram_lines("draftdesk_job_seconds", f'source="{source}"', latency)
    return lines


def _histogram_lines(name: str, labels: str, histogram: Latency) -> list[str]:
    buckets = [*histogram.buckets, ("+Inf", histogram.count)]
    return [f'{name}_bucket{{{labels},le="{bound}"}} {n}' for bound, n in buckets] + [
        f"{name}_sum{{{labels}}} {histogram.sum:.6f}",
        f"{name}_count{{{labels}}} {histogram.count}",
    ]


def _family(name: str, kind: str, help_text: str, samples: Mapping[str, float]) -> list[str]:
    return [f"# HELP {name} {help_text}", f"# TYPE {name} {kind}"] + [
        f"{name}{{{labels}}} {value:g}" for labels, value in samples.items()
    ]


METRICS = Metrics()
