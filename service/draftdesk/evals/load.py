"""The load test: drafts per second and latency at 1, 16, 64, 256 concurrent requests.

    python -m draftdesk.evals.load --workers 1,2 --concurrency 1,16,64,256 \
        --backend sqlite,postgres --model-latency 0.8 --out var/load

For each backend and number of workers it starts a `draftdesk serve --workers N` drafting
through litellm against the local model stub (which answers after `--model-latency`
seconds), then for each concurrency runs locust headless (`evals/load/locustfile.py`:
as many users as concurrent requests, each asking for one draft after another) until
`max(--min-requests, concurrency × --requests-per-user)` drafts are answered or
`--max-seconds` pass. Backends: `sqlite` (the embedded default: a SQLite file and the
embedded Chroma, whatever the workers) and `postgres` (a fresh schema in the database
`test` at 127.0.0.1:5432 and a Chroma server). Everything runs
on loopback; the stub and the Chroma server are started here and stopped at the end.

Writes `load.json` (throughput, p50/p95 latency, errors, fallbacks, the model attempts
the drafter had to repeat (from the server's log), and the load average around each
run) and `load.svg` (latency against concurrency) to `--out`, with the servers' logs.
Exit 1 when, at the highest concurrency, a request failed, a draft was not answered,
or the template drafter stood in for the model where the stub had not been told to fail
(`--stub-failures`: the share of tickets the stub answers with an error).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path

from draftdesk.config import PROJECT_ROOT

LOCUSTFILE = PROJECT_ROOT / "evals" / "load" / "locustfile.py"
FAIL_MARK = "stub-fails-this-draft"
STUB_MODEL = "openai/load-stub"
POSTGRES = {"host": "127.0.0.1", "port": 5432, "dbname": "test"}
POSTGRES_USERS = ("postgres", "root")


@dataclass(frozen=True)
class RunResult:
    backend: str
    workers: int
    concurrency: int
    requested: int
    answered: int  # 201 with a draft
    errors: int  # any other status, or no answer
    unanswered: int  # asked for but not done when the run ended
    fallbacks_stub: int  # on tickets the stub was told to fail
    fallbacks_own: int  # anywhere else: Draftdesk's own
    seconds: float  # from the first request sent to the last answer
    drafts_per_s: float
    p50_s: float
    p95_s: float
    max_s: float
    load_before: float  # 1-minute load average
    load_after: float
    model_attempts_failed: int = 0  # attempts the drafter retried or gave up on (the server's log)

    @property
    def clean(self) -> bool:
        return self.errors == 0 and self.unanswered == 0 and self.fallbacks_own == 0


def summarize(
    records: Sequence[dict[str, object]], *, requested: int, backend: str, workers: int, concurrency: int,
    load: tuple[float, float] = (0.0, 0.0), model_attempts_failed: int = 0,
) -> RunResult:
    """What the locustfile recorded, as one run's numbers (latency of the answered drafts)."""
    answered = [r for r in records if r["status"] == 201]
    latencies = sorted(float(r["seconds"]) for r in answered)
    starts = [float(r["start"]) for r in records]
    ends = [float(r["start"]) + float(r["seconds"]) for r in records]
    seconds = max(ends) - min(starts) if records else 0.0
    return RunResult(
        backend=backend, workers=workers, concurrency=concurrency, requested=requested,
        answered=len(answered), errors=len(records) - len(answered), unanswered=max(requested - len(records), 0),
        fallbacks_stub=sum(1 for r in answered if r["fallback"] and r["marked"]),
        fallbacks_own=sum(1 for r in answered if r["fallback"] and not r["marked"]),
        seconds=round(seconds, 3),
        drafts_per_s=round(len(answered) / seconds, 2) if seconds > 0 else 0.0,
        p50_s=round(statistics.median(latencies), 3) if latencies else 0.0,
        p95_s=round(_p95(latencies), 3) if latencies else 0.0,
        max_s=round(latencies[-1], 3) if latencies else 0.0,
        load_before=round(load[0], 2), load_after=round(load[1], 2), model_attempts_failed=model_attempts_failed,
    )  # fmt: skip


def _p95(ranked: list[float]) -> float:
    return ranked[0] if len(ranked) == 1 else statistics.quantiles(ranked, n=20, method="inclusive")[18]


def failures_at_the_top(runs: Sequence[RunResult]) -> list[str]:
    """What fails the load test: any error, unanswered request or own fallback at the
    highest concurrency measured."""
    if not runs:
        return ["no run"]
    top = max(run.concurrency for run in runs)
    return [
        f"{run.backend}, {run.workers} worker(s), {run.concurrency} concurrent: {run.errors} errors, "
        f"{run.unanswered} unanswered, {run.fallbacks_own} fallbacks not caused by the stub"
        for run in runs
        if run.concurrency == top and not run.clean
    ]


# --- the servers ------------------------------------------------------------------


@contextmanager
def postgres_schema() -> Iterator[str]:
    """A fresh schema of the database `test`, as a DRAFTDESK_DATABASE_URL; dropped afterwards."""
    import psycopg

    schema = f"draftdesk_load_{uuid.uuid4().hex[:10]}"
    for user in POSTGRES_USERS:
        try:
            with psycopg.connect(**POSTGRES, user=user, autocommit=True, connect_timeout=3) as admin:
                admin.execute(f'CREATE SCHEMA "{schema}"')
            break
        except psycopg.OperationalError:
            continue
    else:
        raise RuntimeError(f"PostgreSQL is not reachable at {POSTGRES['host']}:{POSTGRES['port']}/test")
    try:
        yield (
            f"postgresql://{user}@{POSTGRES['host']}:{POSTGRES['port']}/{POSTGRES['dbname']}"
            f"?options=-csearch_path%3D{schema}"
        )
    finally:
        with psycopg.connect(**POSTGRES, user=user, autocommit=True) as admin:
            admin.execute(f'DROP SCHEMA "{schema}" CASCADE')


def failed_attempts(log_text: str) -> int:
    """The drafter's warnings of a model attempt that failed ("… attempt 1/3: connection failed")."""
    return len(_FAILED_ATTEMPT.findall(log_text))


_FAILED_ATTEMPT = re.compile(r"WARNING draftdesk\.adapters\.litellm_drafter: model \S+ attempt \d+/\d+:")


@contextmanager
def deployment(backend: str, *, workers: int, stub_base_url: str, workdir: Path, log_path: Path) -> Iterator[str]:
    """`draftdesk serve --workers N` on `backend`, ready (index built); yields its URL."""
    from draftdesk.testing.chroma_server import ChromaServer
    from draftdesk.testing.processes import ServeProcess, var_environment, wait_until_answering

    with ExitStack() as stack:
        settings = {
            "model": STUB_MODEL, "model_api_base": stub_base_url, "model_api_key": "load-test",
            "model_allowlist": STUB_MODEL,
        }  # fmt: skip
        if backend == "postgres":
            settings["database_url"] = stack.enter_context(postgres_schema())
        elif backend != "sqlite":
            raise ValueError(f"unknown backend {backend!r} (sqlite, postgres)")
        if backend == "postgres":
            settings["chroma_url"] = stack.enter_context(ChromaServer(workdir / "chroma")).url
        log = stack.enter_context(log_path.open("ab"))
        server = ServeProcess(env=var_environment(workdir / "var", **settings), log=log, workers=workers)
        server.start(wait=False)
        stack.callback(server.stop, timeout_s=60)
        assert server.process is not None
        wait_until_answering(server.process, f"{server.url}/readyz", timeout_s=300, poll_s=0.5)
        yield server.url


def run_locust(
    url: str, *, users: int, requests: int, max_seconds: float, results: Path, log_path: Path,
    ticket_prefix: str, fail_every: int = 0,
) -> list[dict[str, object]]:
    """One headless locust run against `url`; the records the locustfile wrote."""
    command = [
        sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless", "--only-summary",
        "--users", str(users), "--spawn-rate", str(users), "--run-time", f"{max_seconds:g}s", "--stop-timeout", "60",
        "--host", url, "--loglevel", "WARNING",
        "--draft-requests", str(requests), "--results", str(results), "--ticket-prefix", ticket_prefix,
        "--fail-every", str(fail_every), "--fail-mark", FAIL_MARK,
    ]  # fmt: skip
    results.unlink(missing_ok=True)
    with log_path.open("ab") as log:
        subprocess.run(command, stdout=log, stderr=log, timeout=max_seconds + 120, check=False, cwd=PROJECT_ROOT)
    if not results.is_file():
        raise RuntimeError(f"locust wrote no results (see {log_path})")
    return json.loads(results.read_text(encoding="utf-8"))["records"]


# --- the plot ---------------------------------------------------------------------


def latency_svg(runs: Sequence[RunResult], *, title: str) -> str:
    """p50 (solid) and p95 (dashed) latency against concurrency, one colour per backend
    and number of workers; concurrency on a log scale."""
    width, height, left, right, top, bottom = 720, 420, 64, 210, 40, 48
    levels = sorted({run.concurrency for run in runs}) or [1]
    ceiling = max([run.p95_s for run in runs] + [0.1]) * 1.1
    step = _nice_step(ceiling)

    def x(concurrency: int) -> float:
        if len(levels) == 1:
            return left + (width - left - right) / 2
        return left + (levels.index(concurrency) / (len(levels) - 1)) * (width - left - right)

    def y(seconds: float) -> float:
        return height - bottom - seconds / ceiling * (height - top - bottom)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="12">',
        '<rect width="100%" height="100%" fill="white"/>',
        f'<text x="{left}" y="22" font-size="14">{_escape(title)}</text>',
    ]
    tick = 0.0
    while tick <= ceiling:
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" stroke="#ddd"/>')
        parts.append(f'<text x="{left - 6}" y="{y(tick) + 4:.1f}" text-anchor="end">{tick:g} s</text>')
        tick = round(tick + step, 6)
    for level in levels:
        parts.append(f'<text x="{x(level):.1f}" y="{height - bottom + 18}" text-anchor="middle">{level}</text>')
    parts.append(
        f'<text x="{(left + width - right) / 2:.1f}" y="{height - 10}" text-anchor="middle">concurrent drafts</text>'
    )
    colours = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"]
    series = sorted({(run.backend, run.workers) for run in runs})
    for index, (backend, workers) in enumerate(series):
        colour = colours[index % len(colours)]
        points = sorted((run for run in runs if (run.backend, run.workers) == (backend, workers)), key=lambda r: r.concurrency)
        for attribute, dash in (("p50_s", ""), ("p95_s", ' stroke-dasharray="6 4"')):
            path = " ".join(f"{x(run.concurrency):.1f},{y(getattr(run, attribute)):.1f}" for run in points)
            parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"{dash}/>')
            parts += [
                f'<circle cx="{x(run.concurrency):.1f}" cy="{y(getattr(run, attribute)):.1f}" r="3" fill="{colour}"/>'
                for run in points
            ]
        legend_y = top + 10 + index * 20
        parts.append(f'<line x1="{width - right + 16}" x2="{width - right + 40}" y1="{legend_y}" y2="{legend_y}" '
                     f'stroke="{colour}" stroke-width="2"/>')  # fmt: skip
        parts.append(f'<text x="{width - right + 46}" y="{legend_y + 4}">{_escape(backend)}, {workers} worker(s)</text>')
    legend_y = top + 20 + len(series) * 20
    parts.append(f'<text x="{width - right + 16}" y="{legend_y}">solid: p50, dashed: p95</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def _nice_step(ceiling: float) -> float:
    for step in (0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 30, 60):
        if ceiling / step <= 8:
            return step
    return ceiling / 8


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# --- the command ------------------------------------------------------------------


def _numbers(text: str) -> list[int]:
    return [int(part) for part in text.split(",") if part.strip()]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=_numbers, default=[1, 2], help="API workers, e.g. 1,2")
    parser.add_argument("--concurrency", type=_numbers, default=[1, 16, 64, 256], help="e.g. 1,16,64,256")
    parser.add_argument("--backend", default="sqlite,postgres", help="sqlite, postgres or both")
    parser.add_argument("--model-latency", type=float, default=0.8, help="seconds the stub takes to answer")
    parser.add_argument("--stub-failures", type=float, default=0.0, help="share of tickets the stub answers 500")
    # uvicorn's 5 s made litellm reuse connections the stub had just closed ("connection
    # failed", retried: 22 of 512 drafts at 256 concurrent); providers keep them longer.
    parser.add_argument("--stub-keep-alive", type=float, default=75.0, help="seconds the stub keeps an idle connection")
    parser.add_argument("--requests-per-user", type=int, default=2)
    parser.add_argument("--min-requests", type=int, default=20)
    parser.add_argument("--max-seconds", type=float, default=180.0, help="time limit of each locust run")
    parser.add_argument("--out", type=Path, default=Path("var/load"))
    arguments = parser.parse_args(argv)
    backends = [b.strip() for b in arguments.backend.split(",") if b.strip()]
    fail_every = round(1 / arguments.stub_failures) if arguments.stub_failures > 0 else 0
    arguments.out.mkdir(parents=True, exist_ok=True)
    runs = measure(
        backends=backends, workers=arguments.workers, concurrency=arguments.concurrency,
        model_latency_s=arguments.model_latency, fail_every=fail_every, out=arguments.out,
        stub_keep_alive_s=arguments.stub_keep_alive,
        requests_per_user=arguments.requests_per_user, min_requests=arguments.min_requests,
        max_seconds=arguments.max_seconds,
    )  # fmt: skip
    failures = failures_at_the_top(runs)
    report = {
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version()},
        "model_latency_s": arguments.model_latency,
        "stub_failures": arguments.stub_failures,
        "stub_keep_alive_s": arguments.stub_keep_alive,
        "runs": [asdict(run) for run in runs],
        "passed": not failures,
        "failures": failures,
    }
    (arguments.out / "load.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    title = f"Draftdesk: drafts against a model answering in {arguments.model_latency:g} s ({report['date'][:10]})"
    (arguments.out / "load.svg").write_text(latency_svg(runs, title=title), encoding="utf-8")
    print(_table(runs))
    for failure in failures:
        print(f"FAILED: {failure}", file=sys.stderr)
    return 0 if not failures else 1


def measure(
    *, backends: Sequence[str], workers: Sequence[int], concurrency: Sequence[int], model_latency_s: float,
    fail_every: int, out: Path, requests_per_user: int, min_requests: int, max_seconds: float,
    stub_keep_alive_s: float = 75.0,
) -> list[RunResult]:
    from draftdesk.testing.model_stub import ModelStub, StubPrompt, slow, status

    def answer(prompt: StubPrompt):  # noqa: ANN202 - a StubAnswer
        return slow(model_latency_s, status(500)) if FAIL_MARK in prompt.text else slow(model_latency_s)

    runs = []
    with ModelStub(otherwise=answer, keep_alive_s=stub_keep_alive_s) as stub, tempfile.TemporaryDirectory(prefix="draftdesk-load-") as scratch:
        for backend in backends:
            for count in workers:
                workdir = Path(scratch) / f"{backend}-{count}"
                workdir.mkdir()
                log_path = out / f"serve-{backend}-{count}.log"
                log_path.unlink(missing_ok=True)
                with deployment(backend, workers=count, stub_base_url=stub.base_url, workdir=workdir, log_path=log_path) as url:
                    for users in concurrency:
                        requests = max(min_requests, users * requests_per_user)
                        before, log_offset = os.getloadavg()[0], log_path.stat().st_size
                        records = run_locust(
                            url, users=users, requests=requests, max_seconds=max_seconds,
                            results=workdir / f"locust-{users}.json", log_path=out / "locust.log",
                            ticket_prefix=f"load-{backend}-{count}-{users}", fail_every=fail_every,
                        )  # fmt: skip
                        run = summarize(
                            records, requested=requests, backend=backend, workers=count, concurrency=users,
                            load=(before, os.getloadavg()[0]),
                            model_attempts_failed=failed_attempts(_read_from(log_path, log_offset)),
                        )  # fmt: skip
                        print(_row(run), flush=True)
                        runs.append(run)
                        stub.requests.clear()  # a long run would keep every body
    return runs


def _read_from(path: Path, offset: int) -> str:
    with path.open("rb") as log:
        log.seek(offset)
        return log.read().decode("utf-8", errors="replace")


_HEADER = "backend   workers  concurrent  drafts/s  p50 s  p95 s  errors  fallbacks (own/stub)  failed attempts  load"


def _row(run: RunResult) -> str:
    return (
        f"{run.backend:<9} {run.workers:>7}  {run.concurrency:>10}  {run.drafts_per_s:>8.2f}  {run.p50_s:>5.2f}  "
        f"{run.p95_s:>5.2f}  {run.errors + run.unanswered:>6}  {run.fallbacks_own:>9}/{run.fallbacks_stub:<10}  "
        f"{run.model_attempts_failed:>15}  {run.load_before:.1f}→{run.load_after:.1f}"
    )


def _table(runs: Sequence[RunResult]) -> str:
    return "\n".join([_HEADER, *(_row(run) for run in runs)])


if __name__ == "__main__":
    sys.exit(main())
