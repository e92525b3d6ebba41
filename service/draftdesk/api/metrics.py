"""Prometheus text exposition. Requests, drafts, findings, stages, wire-guard blocks and
webhook deliveries are counted by the API processes of this server: in memory with one
process, and with several (`draftdesk serve --workers N`) each worker also leaves its
counts in a file of the shared metrics folder, so that whichever worker is scraped adds
up all of them. The jobs' gauges, counters and latency histogram are read from the job
store at each scrape, so they cover every process that accepts or runs jobs and are the
same whichever process is asked."""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from collections import Counter
from collections.abc import Callable, Mapping
from pathlib import Path

from draftdesk.domain import Draft
from draftdesk.errors import DraftdeskError
from draftdesk.jobs.stats import JobEvent, JobStats, Latency
from draftdesk.ports import JobStore

log = logging.getLogger("draftdesk.api")

# The counted families, each keyed by its label values (a tuple of str, int and bool).
_FAMILIES = ("requests", "drafts", "findings", "stage_seconds", "stage_count", "wire_blocks", "webhooks")
_WORKER_FILE = "worker-{worker}.json"
_WORKER_FILES = "worker-*.json"
_FLUSH_EVERY_S = 0.05  # a worker's file lags its counts by about this much
_Snapshot = dict[str, list[list[object]]]  # family → rows of label values, then the count


class Metrics:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: dict[str, Counter[tuple]] = {family: Counter() for family in _FAMILIES}
        self._jobs: JobStore | None = None
        self._sharing: _SharedFolder | None = None

    def record_request(self, method: str, route: str, status: int) -> None:
        with self._lock:
            self._counts["requests"][(method, route, status)] += 1
        self._changed()

    def record_draft(self, draft: Draft) -> None:
        with self._lock:
            self._counts["drafts"][(draft.language, draft.intent.value, draft.model.name, draft.model.fallback_used)] += 1
            for finding in draft.findings:
                self._counts["findings"][(finding.rule, finding.severity.value)] += 1
            for stage, ms in draft.timings_ms.items():
                self._counts["stage_seconds"][(stage,)] += ms / 1000
                self._counts["stage_count"][(stage,)] += 1
        self._changed()

    def record_wire_block(self, target: str, caught: Mapping[str, int]) -> None:
        """One request the wire guard stopped: +1 for each kind it caught (the counts
        within one request are not added, so the total is a number of requests)."""
        with self._lock:
            for kind in caught:
                self._counts["wire_blocks"][(target, kind)] += 1
        self._changed()

    def record_webhook(self, helpdesk: str, outcome: str) -> None:
        """One webhook delivery: accepted, duplicate, ignored, or refused_<reason>."""
        with self._lock:
            self._counts["webhooks"][(helpdesk, outcome)] += 1
        self._changed()

    def share_through(self, folder: Path | None, *, worker: str | None = None) -> None:
        """Several API workers: this one's counts go to its file in `folder` (written
        shortly after each change, and when sharing stops), and a scrape adds the files of
        the others. `worker` names the file (default: the process id, so a process that
        shares again overwrites its own). None: stop (the last counts written), counting
        in memory only."""
        if self._sharing is not None:
            self._sharing.stop()
            self._sharing = None
        if folder is not None:
            self._sharing = _SharedFolder(folder, worker=worker or str(os.getpid()), snapshot=self._snapshot)

    def _changed(self) -> None:
        if (sharing := self._sharing) is not None:
            sharing.changed.set()

    def _snapshot(self) -> _Snapshot:
        with self._lock:
            return {family: [[*labels, n] for labels, n in counts.items()] for family, counts in self._counts.items()}

    def _totals(self) -> dict[str, Counter[tuple]]:
        """This worker's counts, plus every other worker's from the shared folder."""
        with self._lock:
            totals = {family: Counter(counts) for family, counts in self._counts.items()}
        if (sharing := self._sharing) is not None:
            for snapshot in sharing.others():
                for family, rows in snapshot.items():
                    if family in totals:
                        totals[family].update({tuple(row[:-1]): row[-1] for row in rows})
        return totals

    def watch_jobs(self, jobs: JobStore | None) -> None:
        """Where the job metrics are read at each scrape: the job store, which every
        process shares (None: not shown)."""
        self._jobs = jobs

    def _job_lines(self, webhooks: Counter[tuple]) -> list[str]:
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
        lines += _family("draftdesk_webhooks_total", "counter",
                         "Helpdesk webhook deliveries by outcome (this server's API processes).",
                         {f'helpdesk="{h}",outcome="{o}"': n for (h, o), n in sorted(webhooks.items())})
        return lines

    def render(self) -> str:
        totals = self._totals()
        lines = [
            "# HELP draftdesk_http_requests_total HTTP requests by method, route and status.",
            "# TYPE draftdesk_http_requests_total counter",
        ]
        lines += [
            f'draftdesk_http_requests_total{{method="{m}",route="{r}",status="{s}"}} {n}'
            for (m, r, s), n in sorted(totals["requests"].items())
        ]
        lines += [
            "# HELP draftdesk_drafts_total Drafts created.",
            "# TYPE draftdesk_drafts_total counter",
        ]
        lines += [
            f'draftdesk_drafts_total{{language="{lang}",intent="{i}",model="{m}",fallback="{str(f).lower()}"}} {n}'
            for (lang, i, m, f), n in sorted(totals["drafts"].items())
        ]
        lines += [
            "# HELP draftdesk_findings_total House-style findings on created drafts.",
            "# TYPE draftdesk_findings_total counter",
        ]
        lines += [
            f'draftdesk_findings_total{{rule="{r}",severity="{s}"}} {n}'
            for (r, s), n in sorted(totals["findings"].items())
        ]
        lines += [
            "# HELP draftdesk_stage_seconds Time spent per pipeline stage.",
            "# TYPE draftdesk_stage_seconds summary",
        ]
        for (stage,) in sorted(totals["stage_count"]):
            lines.append(f'draftdesk_stage_seconds_sum{{stage="{stage}"}} {totals["stage_seconds"][(stage,)]:.6f}')
            lines.append(f'draftdesk_stage_seconds_count{{stage="{stage}"}} {totals["stage_count"][(stage,)]}')
        lines += [
            "# HELP draftdesk_wire_guard_blocks_total Requests to a model or a remote embedder that the wire "
            "guard stopped (nothing sent), by what was caught.",
            "# TYPE draftdesk_wire_guard_blocks_total counter",
        ]
        lines += [
            f'draftdesk_wire_guard_blocks_total{{target="{t}",kind="{k}"}} {n}'
            for (t, k), n in sorted(totals["wire_blocks"].items())
        ]
        lines += self._job_lines(totals["webhooks"])
        return "\n".join(lines) + "\n"


def clear_shared_folder(folder: Path) -> None:
    """A server's start: the counts its workers left in `folder` at an earlier run go
    (a counter starts from 0 with its server, as it does with one process)."""
    for earlier in folder.glob(_WORKER_FILES):
        earlier.unlink(missing_ok=True)


class _SharedFolder:
    """One worker's file in the folder the workers of a server share: rewritten whole
    (write, then rename: a reader never sees half a file) by a thread of its own a
    moment after each change, so counting stays off the request's path. The files of
    workers that ended stay: their counts are part of the server's totals."""

    def __init__(self, folder: Path, *, worker: str, snapshot: Callable[[], _Snapshot]) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self._folder, self._snapshot = folder, snapshot
        self._path = folder / _WORKER_FILE.format(worker=worker)
        self.changed = threading.Event()
        self._stopping = False
        self._write()  # a worker that counted nothing yet is there too
        self._thread = threading.Thread(target=self._run, name="metrics to the shared folder", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stopping:
            self.changed.wait()
            self.changed.clear()
            self._write()
            time.sleep(_FLUSH_EVERY_S)  # changes meanwhile go into the next write

    def _write(self) -> None:
        partial = self._path.with_suffix(".partial")
        try:
            partial.write_text(json.dumps(self._snapshot()), encoding="utf-8")
            partial.replace(self._path)
        except OSError as error:
            log.warning("metrics not shared with the other workers: %s", error.strerror)

    def others(self) -> list[_Snapshot]:
        snapshots = []
        for path in sorted(self._folder.glob(_WORKER_FILES)):
            if path == self._path:
                continue
            try:
                snapshots.append(json.loads(path.read_text(encoding="utf-8")))
            except (OSError, ValueError) as error:
                log.warning("metrics of another worker not read (%s): %s", path.name, type(error).__name__)
        return snapshots

    def stop(self) -> None:
        self._stopping = True
        self.changed.set()
        self._thread.join(timeout=5)
        self._write()


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
