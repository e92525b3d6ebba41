"""Prometheus text exposition, kept in process (one set per worker)."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Mapping

from draftdesk.domain import Draft


class Metrics:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._requests: Counter[tuple[str, str, int]] = Counter()
        self._drafts: Counter[tuple[str, str, str, bool]] = Counter()
        self._findings: Counter[tuple[str, str]] = Counter()
        self._stage_seconds: Counter[str] = Counter()
        self._stage_count: Counter[str] = Counter()
        self._wire_blocks: Counter[tuple[str, str]] = Counter()

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
        return "\n".join(lines) + "\n"


METRICS = Metrics()
