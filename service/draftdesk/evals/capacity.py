"""The cost of a draft, measured: `python -m draftdesk.evals.capacity [--latency 0.8]
[--workers N] [--json OUT]` from the checkout's top level (`--start-only`: parts 1 and
the first draft of 2; `--pipeline-only`: part 5 alone, on a fresh folder, no server).

`draftdesk serve --workers N` (default 1) on loopback (the embedded default: SQLite and
embedded Chroma in a fresh temporary folder) drafting with a litellm model that is the
local model stub (`draftdesk.testing.model_stub`), answering after `--latency` seconds.
The burst bar is for one 2-core machine, which runs two workers: measure with
`--workers 2` for it, and with 1 for what one process does alone.

1. start: from the process started to /readyz answering 200, on an empty folder (the
   store created, the demo shop loaded, the index built), then twice more on the same
   folder (later starts; the median is reported); for each, the CPU time the server
   processes had used by then and how long their main threads waited for a core (on a
   loaded machine the wall time is mostly that wait: /proc/PID/stat and schedstat).
   With several workers, every worker has started before anything else is measured;
2. one draft: the first `POST /v1/drafts` after a start, then `--singles` more one at a
   time (the median is the steady time);
3. burst: `--burst` drafts sent at once; the time until the last one is answered, and its
   ratio to one steady draft; errors and fallbacks counted; the CPU time the server
   processes used for the singles and the burst, per draft;
4. memory: the resident set after the burst of the serve process, or of the largest worker;
5. pipeline cost: every demo ticket through every stage but the model (intake, context,
   redact, retrieve, restore, check) in this process, with the template drafter standing
   in for the model (not counted); each stage's CPU time (`time.thread_time`, which a
   loaded machine disturbs little) and wall time, p50 and p95 per ticket.

Exit 1 when a bar of issue 16 is missed (`BARS`).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path

import httpx

from draftdesk.config import PROJECT_ROOT, Settings
from draftdesk.domain import Ticket
from draftdesk.testing.model_stub import ModelStub, slow
from draftdesk.testing.processes import DraftdeskProcess, free_port, var_environment, wait_until_answering
from draftdesk.wiring import Services

TICKETS = PROJECT_ROOT / "knowledge" / "demo" / "tickets"
STUB_MODEL = "openai/capacity-stub"
STAGES = ("intake", "context", "redact", "retrieve", "restore", "check")
STARTED = b"Application startup complete."  # uvicorn's line, once per process that serves


@dataclass(frozen=True)
class Bars:
    draft_overhead_ms: float = 50.0  # one draft: the model's latency plus at most this
    burst_ratio: float = 2.0  # the burst's time / one draft's
    pipeline_cpu_p50_ms: float = 20.0
    pipeline_cpu_p95_ms: float = 45.0
    first_start_s: float = 8.0
    later_start_s: float = 4.0
    rss_mb: float = 600.0


BARS = Bars()


@dataclass
class StageCost:
    cpu_p50_ms: float
    cpu_p95_ms: float
    wall_p50_ms: float
    wall_p95_ms: float


@dataclass(frozen=True)
class StartCpu:
    """Of a start's wall time: the CPU seconds the server process used (every thread), and
    the seconds its main thread was ready to run but waited for a core."""

    cpu_s: float
    waited_s: float


@dataclass
class CapacityReport:
    latency_s: float
    burst: int
    workers: int = 1
    first_start_s: float = 0.0
    later_starts_s: list[float] = field(default_factory=list)
    first_start_cpu: StartCpu | None = None
    later_starts_cpu: list[StartCpu] = field(default_factory=list)
    first_draft_s: float = 0.0
    single_drafts_s: list[float] = field(default_factory=list)
    burst_s: float = 0.0
    burst_p50_s: float = 0.0
    burst_p95_s: float = 0.0
    burst_errors: int = 0
    burst_fallbacks: int = 0
    fallback_reasons: dict[str, int] = field(default_factory=dict)
    server_cpu_per_draft_ms: float = 0.0  # the server processes' CPU time over the singles and the burst
    rss_mb: float = 0.0
    anon_mb: float = 0.0  # of rss_mb: the process's own memory
    file_mb: float = 0.0  # of rss_mb: mapped files, shared between processes
    pipeline: dict[str, StageCost] = field(default_factory=dict)  # per stage, and "total"
    pipeline_tickets: int = 0
    machine: dict[str, object] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)

    @property
    def later_start_s(self) -> float:
        return statistics.median(self.later_starts_s)

    @property
    def single_draft_s(self) -> float:
        return statistics.median(self.single_drafts_s)

    @property
    def burst_ratio(self) -> float:
        return self.burst_s / self.single_draft_s

    @property
    def start_only(self) -> bool:
        """Measured with `--start-only`: no steady drafts, burst, memory or pipeline."""
        return not self.single_drafts_s

    def judge(self, bars: Bars = BARS) -> None:
        limit = self.latency_s + bars.draft_overhead_ms / 1000
        checks = [
            (self.first_draft_s <= limit, f"the first draft after start {self.first_draft_s:.3f} s > {limit:.3f} s"),
            (self.first_start_s <= bars.first_start_s, f"first start {self.first_start_s:.1f} s > {bars.first_start_s:g} s"),
            (self.later_start_s <= bars.later_start_s, f"later start {self.later_start_s:.1f} s > {bars.later_start_s:g} s"),
        ]  # fmt: skip
        if not self.start_only:
            checks += self._steady_checks(bars, limit)
        self.failures = [message for ok, message in checks if not ok]

    def _steady_checks(self, bars: Bars, limit: float) -> list[tuple[bool, str]]:
        total = self.pipeline["total"]
        return [
            (self.single_draft_s <= limit, f"one draft {self.single_draft_s:.3f} s > {limit:.3f} s"),
            (self.burst_ratio <= bars.burst_ratio, f"{self.burst} at once: {self.burst_ratio:.2f}× one draft > {bars.burst_ratio:g}×"),
            (self.burst_errors == 0, f"{self.burst_errors} errors in the burst"),
            (self.burst_fallbacks == 0, f"{self.burst_fallbacks} fallbacks in the burst"),
            (total.cpu_p50_ms <= bars.pipeline_cpu_p50_ms, f"pipeline CPU p50 {total.cpu_p50_ms:.1f} ms > {bars.pipeline_cpu_p50_ms:g}"),
            (total.cpu_p95_ms <= bars.pipeline_cpu_p95_ms, f"pipeline CPU p95 {total.cpu_p95_ms:.1f} ms > {bars.pipeline_cpu_p95_ms:g}"),
            (self.rss_mb <= bars.rss_mb, f"resident memory {self.rss_mb:.0f} MB > {bars.rss_mb:g} MB"),
        ]  # fmt: skip

    def as_json(self) -> dict[str, object]:
        steady = {} if self.start_only else {"single_draft_s": self.single_draft_s, "burst_ratio": self.burst_ratio}
        return {
            **asdict(self),
            "later_start_s": self.later_start_s,
            **steady,
            "bars": asdict(BARS),
            "passed": not self.failures,
        }


def demo_tickets() -> list[Ticket]:
    return [Ticket.model_validate_json(path.read_text(encoding="utf-8")) for path in sorted(TICKETS.glob("*.json"))]


def machine() -> dict[str, object]:
    """When and where: the numbers mean little without the load other work put on the cores."""
    model = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
         if line.startswith("model name")),
        platform.processor(),
    )  # fmt: skip
    return {"at": datetime.now(timezone.utc).isoformat(timespec="seconds"), "cpus": os.cpu_count(),
            "cpu_model": model, "load_average": os.getloadavg()}  # fmt: skip


def memory_mb(pid: int) -> dict[str, float]:
    """VmRSS (the bar), and of it RssAnon (the process's own) and RssFile (mapped files:
    the Sudachi dictionary, libraries; shared with every other worker) from /proc."""
    fields = {"VmRSS": "rss", "RssAnon": "anon", "RssFile": "file"}
    found = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name = line.split(":", 1)[0]
        if name in fields:
            found[fields[name]] = int(line.split()[1]) / 1024
    return found


class Server:
    """`draftdesk serve --workers N` drafting through the stub, on one folder and port across restarts."""

    def __init__(self, var_dir: Path, *, stub: ModelStub, log: Path, workers: int = 1) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.workers = workers
        env = var_environment(
            var_dir, model=STUB_MODEL, model_api_base=stub.base_url, model_api_key="capacity"
        )
        self._log_path = log
        self._log = log.open("ab")
        self.process = DraftdeskProcess(
            "serve", "--port", str(self.port), "--workers", str(workers), env=env, log=self._log
        )

    def start(self) -> float:
        """Seconds from the process started to /readyz answering 200 and, with several
        workers, every one of them started (the first answers /readyz alone)."""
        logged = self._log_path.stat().st_size
        started = time.perf_counter()
        self.process.start()
        assert self.process.process is not None
        wait_until_answering(self.process.process, f"{self.url}/readyz", timeout_s=120, poll_s=0.05)
        while self._log_path.read_bytes()[logged:].count(STARTED) < self.workers:
            if time.perf_counter() - started > 240:
                raise RuntimeError(f"not every one of {self.workers} workers started in 240 s")
            time.sleep(0.05)
        return time.perf_counter() - started

    @property
    def pid(self) -> int:
        assert self.process.process is not None
        return self.process.process.pid

    def pids(self) -> list[int]:
        """The serve process and its workers (uvicorn's processes are its children)."""
        found, pending = [], [self.pid]
        while pending:
            pid = pending.pop()
            found.append(pid)
            for task in Path(f"/proc/{pid}/task").iterdir():
                pending += [int(child) for child in (task / "children").read_text().split()]
        return found

    def cpu(self) -> StartCpu:
        """What the processes have used so far: utime + stime of all their threads, and
        the time their main threads spent runnable but waiting for a core."""
        ticks = os.sysconf("SC_CLK_TCK")
        cpu_s = waited_s = 0.0
        for pid in self.pids():
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            _ran_ns, waited_ns, _slices = Path(f"/proc/{pid}/schedstat").read_text().split()
            cpu_s += (int(fields[11]) + int(fields[12])) / ticks
            waited_s += int(waited_ns) / 1e9
        return StartCpu(cpu_s=cpu_s, waited_s=waited_s)

    def memory_mb(self) -> dict[str, float]:
        """Of the one process that serves, or of the largest worker (the bar is per worker)."""
        serving = [self.pid] if self.workers == 1 else self.pids()[1:]
        return max((memory_mb(pid) for pid in serving), key=lambda memory: memory["rss"])

    def stop(self) -> None:
        self.process.stop()

    def close(self) -> None:
        self.stop()
        self._log.close()


async def _draft(client: httpx.AsyncClient, ticket: Ticket) -> tuple[float, int, str | None]:
    """Seconds, status, and why the templates answered instead of the model (None: they did not)."""
    started = time.perf_counter()
    answer = await client.post("/v1/drafts", json={"ticket": ticket.model_dump(mode="json", by_alias=True)})
    seconds = time.perf_counter() - started
    model = answer.json()["model"] if answer.status_code == 201 else {}
    return seconds, answer.status_code, (model.get("fallback_reason") or "?") if model.get("fallback_used") else None


def _fresh(ticket: Ticket, n: int) -> Ticket:
    return ticket.model_copy(update={"id": f"{ticket.id}-cap{n}"})


async def measure_drafts(server: Server, report: CapacityReport, tickets: list[Ticket], *, singles: int) -> None:
    """The first draft after start; with `singles`, those one at a time and the burst,
    and the server's CPU time for them."""
    limits = httpx.Limits(max_connections=report.burst + 8, max_keepalive_connections=report.burst + 8)
    async with httpx.AsyncClient(base_url=server.url, timeout=120, limits=limits) as client:
        seconds, status, _ = await _draft(client, _fresh(tickets[0], 0))
        if status != 201:
            raise RuntimeError(f"the first draft answered {status}")
        report.first_draft_s = seconds
        if not singles:
            return
        cpu_before = server.cpu().cpu_s
        for n in range(1, singles + 1):
            seconds, status, _ = await _draft(client, _fresh(tickets[n % len(tickets)], n))
            report.single_drafts_s.append(seconds)
        burst = [_fresh(tickets[n % len(tickets)], 1000 + n) for n in range(report.burst)]
        started = time.perf_counter()
        outcomes = await asyncio.gather(*(_draft(client, ticket) for ticket in burst))
        report.burst_s = time.perf_counter() - started
    report.server_cpu_per_draft_ms = (server.cpu().cpu_s - cpu_before) * 1000 / (singles + report.burst)
    times = sorted(seconds for seconds, _, _ in outcomes)
    report.burst_p50_s, report.burst_p95_s = _percentile(times, 50), _percentile(times, 95)
    report.burst_errors = sum(status != 201 for _, status, _ in outcomes)
    report.burst_fallbacks = sum(reason is not None for _, _, reason in outcomes)
    report.fallback_reasons = dict(Counter(reason for _, _, reason in outcomes if reason is not None))


def measure_pipeline(var_dir: Path, tickets: list[Ticket], *, rounds: int) -> dict[str, StageCost]:
    """Every stage but the model, per ticket, in this process over the server's folder
    (already indexed): one warm-up round, then `rounds` measured with each clock."""
    services = Services(Settings(var_dir=var_dir, now="2026-11-20T12:00:00+09:00", model="template"))
    services.load_demo_shop()  # the server's folder has them; a fresh one gets them
    services.sync_knowledge()
    pipeline = services.desk.pipeline
    now = services.now()

    def run(clock: Callable[[], float]) -> list[dict[str, float]]:
        timed = replace(pipeline, stage_clock=clock)
        return [asyncio.run(timed.draft_reply(t, agent=None, now=now)).timings_ms for t in tickets]

    run(time.perf_counter)
    by_clock = {
        name: [timings for _ in range(rounds) for timings in run(clock)]
        for name, clock in (("cpu", time.thread_time), ("wall", time.perf_counter))
    }
    costs = {}
    for stage in (*STAGES, "total"):
        pick: Callable[[dict[str, float]], float] = (
            (lambda t: sum(t[s] for s in STAGES)) if stage == "total" else (lambda t, s=stage: t[s])
        )
        cpu = sorted(pick(t) for t in by_clock["cpu"])
        wall = sorted(pick(t) for t in by_clock["wall"])
        costs[stage] = StageCost(
            cpu_p50_ms=_percentile(cpu, 50), cpu_p95_ms=_percentile(cpu, 95),
            wall_p50_ms=_percentile(wall, 50), wall_p95_ms=_percentile(wall, 95),
        )  # fmt: skip
    return costs


def _percentile(ordered: list[float], p: float) -> float:
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def run_capacity(
    *,
    latency_s: float,
    burst: int,
    singles: int,
    later_starts: int,
    rounds: int,
    start_only: bool = False,
    workers: int = 1,
) -> CapacityReport:
    """`start_only`: the starts and the first draft after the first one, nothing else."""
    if start_only:
        singles = 0
    report = CapacityReport(latency_s=latency_s, burst=burst, workers=workers, machine=machine())
    tickets = demo_tickets()
    with tempfile.TemporaryDirectory(prefix="draftdesk-capacity-") as folder, ModelStub(otherwise=lambda prompt: slow(latency_s)) as stub:
        var_dir = Path(folder) / "var"
        server = Server(var_dir, stub=stub, log=Path(folder) / "serve.log", workers=workers)
        try:
            report.first_start_s = server.start()
            report.first_start_cpu = server.cpu()
            asyncio.run(measure_drafts(server, report, tickets, singles=singles))
            if not start_only:
                memory = server.memory_mb()
                report.rss_mb, report.anon_mb, report.file_mb = memory["rss"], memory["anon"], memory["file"]
            for _ in range(later_starts):
                server.stop()
                report.later_starts_s.append(server.start())
                report.later_starts_cpu.append(server.cpu())
        except Exception:
            sys.stderr.write((Path(folder) / "serve.log").read_text(errors="replace")[-4000:])
            raise
        finally:
            server.close()
        if not start_only:
            report.pipeline = measure_pipeline(var_dir, tickets, rounds=rounds)
            report.pipeline_tickets = len(tickets) * rounds
    report.machine["load_average_after"] = os.getloadavg()
    report.judge()
    return report


def run_pipeline_only(*, rounds: int) -> tuple[dict[str, StageCost], int, dict[str, object]]:
    """Part 5 alone (seconds, not minutes): the stages' cost per ticket on a fresh folder,
    the demo shop loaded and the index built, no server. Returns the costs, the tickets
    measured and the machine with its load before and after."""
    where = machine()
    tickets = demo_tickets()
    with tempfile.TemporaryDirectory(prefix="draftdesk-capacity-") as folder:
        costs = measure_pipeline(Path(folder) / "var", tickets, rounds=rounds)
    where["load_average_after"] = os.getloadavg()
    return costs, len(tickets) * rounds, where


def pipeline_failures(costs: dict[str, StageCost], bars: Bars = BARS) -> list[str]:
    total = costs["total"]
    return [
        message
        for ok, message in (
            (total.cpu_p50_ms <= bars.pipeline_cpu_p50_ms, f"pipeline CPU p50 {total.cpu_p50_ms:.1f} ms > {bars.pipeline_cpu_p50_ms:g}"),
            (total.cpu_p95_ms <= bars.pipeline_cpu_p95_ms, f"pipeline CPU p95 {total.cpu_p95_ms:.1f} ms > {bars.pipeline_cpu_p95_ms:g}"),
        )
        if not ok
    ]  # fmt: skip


def render(report: CapacityReport) -> str:
    limit_ms = report.latency_s * 1000 + BARS.draft_overhead_ms
    where = report.machine
    lines = [
        f"{where['at']}, {where['cpus']} × {where['cpu_model']}, load average {where['load_average'][0]:.1f} "
        f"before, {where.get('load_average_after', (0.0,))[0]:.1f} after",
        f"draftdesk serve --workers {report.workers}; model stub latency {report.latency_s:g} s; bars in brackets",
    ]
    if report.start_only:
        lines.append(f"the first draft after start {report.first_draft_s * 1000:.0f} ms  [≤ {limit_ms:.0f} ms]")
    else:
        lines += _steady_lines(report, limit_ms)
    lines.append(
        f"start to ready: first {report.first_start_s:.1f} s  [≤ {BARS.first_start_s:g}], "
        f"later {report.later_start_s:.1f} s ({', '.join(f'{s:.1f}' for s in report.later_starts_s)})  [≤ {BARS.later_start_s:g}]"
    )
    if report.first_start_cpu is not None:
        lines.append(
            "  of it CPU (waiting for a core): first " + _cpu(report.first_start_cpu)
            + ", later " + ", ".join(_cpu(cpu) for cpu in report.later_starts_cpu)
        )  # fmt: skip
    if not report.start_only:
        lines.append(
            f"resident memory after the burst: {report.rss_mb:.0f} MB  [≤ {BARS.rss_mb:g}] "
            f"({report.anon_mb:.0f} MB its own, {report.file_mb:.0f} MB mapped files)"
        )
    lines.append("PASS" if not report.failures else "FAIL: " + "; ".join(report.failures))
    return "\n".join(lines)


def _cpu(start: StartCpu) -> str:
    return f"{start.cpu_s:.1f} s ({start.waited_s:.1f} s)"


def _steady_lines(report: CapacityReport, limit_ms: float) -> list[str]:
    lines = [
        f"one draft: steady {report.single_draft_s * 1000:.0f} ms (median of {len(report.single_drafts_s)}), "
        f"first after start {report.first_draft_s * 1000:.0f} ms  [≤ {limit_ms:.0f} ms]",
        f"{report.burst} at once: {report.burst_s:.2f} s = {report.burst_ratio:.2f}× one draft  [≤ {BARS.burst_ratio:g}×]; "
        f"each p50 {report.burst_p50_s:.2f} s, p95 {report.burst_p95_s:.2f} s; "
        f"{report.burst_errors} errors, {report.burst_fallbacks} fallbacks "
        f"{json.dumps(report.fallback_reasons, ensure_ascii=False) if report.fallback_reasons else ''}",
        f"server CPU per draft (the singles and the burst, every process): {report.server_cpu_per_draft_ms:.1f} ms",
        f"pipeline per ticket ({report.pipeline_tickets} runs), CPU p50 / p95, wall p50 / p95 (ms):",
    ]
    return lines + _stage_lines(report.pipeline)


def _stage_lines(costs: dict[str, StageCost]) -> list[str]:
    lines = []
    for stage, cost in costs.items():
        bar = f"  [≤ {BARS.pipeline_cpu_p50_ms:g} / {BARS.pipeline_cpu_p95_ms:g}]" if stage == "total" else ""
        lines.append(
            f"  {stage:<9} {cost.cpu_p50_ms:6.1f} / {cost.cpu_p95_ms:6.1f}   {cost.wall_p50_ms:6.1f} / {cost.wall_p95_ms:6.1f}{bar}"
        )
    return lines


def render_pipeline_only(costs: dict[str, StageCost], tickets: int, where: dict[str, object]) -> str:
    failures = pipeline_failures(costs)
    return "\n".join([
        f"{where['at']}, {where['cpus']} × {where['cpu_model']}, load average {where['load_average'][0]:.1f} "  # type: ignore[index]
        f"before, {where['load_average_after'][0]:.1f} after",  # type: ignore[index]
        f"pipeline per ticket ({tickets} runs), CPU p50 / p95, wall p50 / p95 (ms):",
        *_stage_lines(costs),
        "PASS" if not failures else "FAIL: " + "; ".join(failures),
    ])  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m draftdesk.evals.capacity", description=__doc__.split("\n\n")[0])
    parser.add_argument("--latency", type=float, default=0.8, help="seconds the model stub takes to answer")
    parser.add_argument("--burst", type=int, default=64, help="drafts sent at once")
    parser.add_argument(
        "--workers", type=int, default=1, help="API processes of `draftdesk serve` (the burst bar: 2 on a 2-core machine)"
    )
    parser.add_argument("--singles", type=int, default=10, help="drafts one at a time after the first")
    parser.add_argument("--later-starts", type=int, default=2, help="restarts on the same folder")
    parser.add_argument("--rounds", type=int, default=3, help="measured rounds over the demo tickets per clock")
    parser.add_argument(
        "--start-only", action="store_true", help="only the starts and the first draft after start (a minute, not ten)"
    )
    parser.add_argument(
        "--pipeline-only", action="store_true",
        help="only every demo ticket through every stage but the model, in this process (seconds; no server)",
    )
    parser.add_argument("--json", type=Path, help="write the report here as JSON")
    options = parser.parse_args(argv)
    if options.pipeline_only:
        costs, tickets, where = run_pipeline_only(rounds=options.rounds)
        print(render_pipeline_only(costs, tickets, where))
        if options.json:
            measured = {"machine": where, "pipeline": {k: asdict(v) for k, v in costs.items()}, "pipeline_tickets": tickets}
            options.json.write_text(json.dumps(measured, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        return 1 if pipeline_failures(costs) else 0
    if options.later_starts < 1:
        parser.error("--later-starts: at least 1 (a later start is one of the bars)")
    report = run_capacity(
        latency_s=options.latency, burst=options.burst, singles=options.singles,
        later_starts=options.later_starts, rounds=options.rounds, start_only=options.start_only,
        workers=options.workers,
    )  # fmt: skip
    print(render(report))
    if options.json:
        options.json.write_text(json.dumps(report.as_json(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 1 if report.failures else 0


if __name__ == "__main__":
    sys.exit(main())
