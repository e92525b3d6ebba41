"""`draftdesk` — the command line (DESIGN.md, "Command line").

Every command turns our errors into one line on stderr and a non-zero exit (2 for
bad input or configuration; `check` exits 1 when an error-level finding exists).
"""

from __future__ import annotations

import asyncio
import json
import logging
import sys
from collections.abc import Callable
from datetime import datetime
from functools import wraps
from pathlib import Path
from typing import Annotated, ParamSpec, TypeVar

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from draftdesk.adapters.masking import mask_personal_numbers_in_logs
from draftdesk.config import Settings
from draftdesk.domain import Agent, Draft, Finding, Severity
from draftdesk.errors import ConfigurationError, DraftdeskError, InvalidInput, describe_validation_error
from draftdesk.inbox.model import DraftState, InboxItem, Sort

P = ParamSpec("P")
R = TypeVar("R")

app = typer.Typer(
    name="draftdesk",
    help="Drafts replies to customer e-mails: facts first, estimates marked, no personal data to any model.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

EXIT_FINDINGS = 1
EXIT_BAD_INPUT = 2


def _settings() -> Settings:
    try:
        return Settings()
    except ValidationError as exc:
        raise ConfigurationError(describe_validation_error(exc, where="configuration")) from None


def _services():  # noqa: ANN202 - imported lazily so `--help` stays fast
    from draftdesk.wiring import Services

    return Services(_settings())


def _log_to_stderr(*loggers: str) -> None:
    """Warnings from everything, and what `loggers` say at INFO (job outcomes, start-up),
    to stderr; card numbers and My Numbers masked."""
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for name in loggers:
        logging.getLogger(name).setLevel(logging.INFO)
    mask_personal_numbers_in_logs()


def handles_errors(command: Callable[P, R]) -> Callable[P, R]:
    @wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except DraftdeskError as exc:
            err.print(f"draftdesk: {exc.detail}", markup=False, highlight=False)
            code = EXIT_BAD_INPUT if exc.status_code < 500 or isinstance(exc, ConfigurationError) else 3
            raise typer.Exit(code) from None

    return wrapper


@app.command()
@handles_errors
def serve(
    host: Annotated[str, typer.Option(help="Interface to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[
        int, typer.Option(min=1, max=64, help="API processes on the port.")
    ] = 1,
) -> None:
    """REST API and agent console; first start creates the store, loads the demo shop, indexes knowledge/."""
    from draftdesk.collector import paused_during_start_up

    with paused_during_start_up():  # the app's lifespan resumes the collector once it is ready
        from draftdesk.api.deps import keys_required
        from draftdesk.network import is_loopback
        from draftdesk.serving import SERVE_LOGGERS, serve as serve_app

        services = _services()
        if not is_loopback(host) and not keys_required(services.settings, services.keys):
            raise ConfigurationError(
                f"refusing to serve on {host} without API keys: create one (draftdesk keys create) "
                "or set DRAFTDESK_API_KEYS (and DRAFTDESK_ADMIN_API_KEYS)"
            )
        _log_to_stderr(*SERVE_LOGGERS)
        serve_app(services, host=host, port=port, workers=workers)


@app.command()
@handles_errors
def worker(
    concurrency: Annotated[
        int | None, typer.Option(min=1, max=64, help="Jobs at a time (default: DRAFTDESK_JOB_CONCURRENCY).")
    ] = None,
) -> None:
    """Run background drafting jobs until stopped: from the Redis queue (DRAFTDESK_QUEUE_URL), else from the job table."""
    import signal

    from draftdesk.jobs.queue import where
    from draftdesk.jobs.runtime import work
    from draftdesk.startup import prepare_shared_state

    _log_to_stderr("draftdesk", "arq")
    services = _services()
    if concurrency is not None:
        services.settings = services.settings.model_copy(update={"job_concurrency": concurrency})
    settings = services.settings
    if not (settings.zendesk or settings.chatwoot):
        err.print("draftdesk: no helpdesk is configured (DRAFTDESK_ZENDESK_*, DRAFTDESK_CHATWOOT_*): "
                  "jobs for them will be dead", markup=False, highlight=False)  # fmt: skip
    prepare_shared_state(services)  # one process at a time, API workers included
    services.desk  # noqa: B018 - built now, not in the first job
    services.detector  # noqa: B018 - Presidio too

    async def run() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        await work(services, stop=stop)

    source = f"the queue at {where(settings.queue_url)}" if settings.queue_url else "the job table"
    err.print(f"draftdesk worker: jobs from {source}, {settings.job_concurrency} at a time", markup=False, highlight=False)
    asyncio.run(run())


@app.command()
@handles_errors
def ingest(
    path: Annotated[Path | None, typer.Argument(help="Policy folder (default: knowledge/policies).")] = None,
) -> None:
    """(Re)index policy documents; incremental and idempotent."""
    if path is not None and not path.is_dir():
        raise InvalidInput(f"{path}: not a folder of policy documents")
    services = _services()
    with Progress(
        TextColumn("indexing passages"), BarColumn(), MofNCompleteColumn(), console=err, transient=True
    ) as progress:
        task = progress.add_task("ingest", total=None)
        report = services.sync_knowledge(
            policies_dir=path,
            progress=lambda done, total: progress.update(task, completed=done, total=total),
        )
    out.print(
        f"added {len(report.added)}, updated {len(report.updated)}, "
        f"removed {len(report.removed)}, unchanged {len(report.unchanged)}",
        highlight=False,
    )


@app.command()
@handles_errors
def draft(
    ticket_file: Annotated[Path, typer.Argument(help="Ticket JSON (DESIGN.md, 'Ticket').")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the Draft object.")] = False,
    agent: Annotated[str | None, typer.Option(help="Agent who signs the reply.")] = None,
    department: Annotated[str | None, typer.Option(help="Agent's department.")] = None,
    model: Annotated[str | None, typer.Option(help="litellm model string, or 'template'.")] = None,
) -> None:
    """One draft reply to stdout."""
    from draftdesk.files import read_ticket

    ticket = read_ticket(ticket_file)
    services = _services()
    services.load_demo_shop()
    signer = Agent(name=agent, department=department) if agent else None
    result, _ = asyncio.run(services.desk.create(ticket, agent=signer, model=model))
    if as_json:
        _print_json(result.model_dump(mode="json"))
    else:
        _print_draft(result)


@app.command()
@handles_errors
def check(
    text_file: Annotated[Path, typer.Argument(help="A reply text (UTF-8).")],
    ticket_file: Annotated[Path | None, typer.Option("--ticket", help="The ticket it answers.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the findings as JSON.")] = False,
    agent: Annotated[str | None, typer.Option(help="Agent expected in the signature.")] = None,
) -> None:
    """House-style findings for a reply text; exit 1 when an error-level finding exists."""
    from draftdesk.files import read_text, read_ticket

    text = read_text(text_file, what="reply text")
    ticket = read_ticket(ticket_file) if ticket_file else None
    services = _services()
    if ticket is not None:
        services.load_demo_shop()  # the ticket's order is looked up
    outcome = services.desk.check_text(text, ticket=ticket, agent=Agent(name=agent) if agent else None)
    if as_json:
        _print_json([f.model_dump(mode="json") for f in outcome.findings])
    else:
        _print_findings(outcome.findings)
    if any(f.severity == Severity.ERROR for f in outcome.findings):
        raise typer.Exit(EXIT_FINDINGS)


@app.command()
@handles_errors
def redact(
    text_file: Annotated[Path, typer.Argument(help="Text to redact (UTF-8).")],
    as_json: Annotated[bool, typer.Option("--json", help="Redacted text and entity counts as JSON.")] = False,
) -> None:
    """The redacted text and entity counts (never the original values)."""
    from draftdesk.files import read_text
    from draftdesk.pipeline.intake import detect_language
    from draftdesk.pipeline.redact import KnownValues, Vault
    from draftdesk.pipeline.redact import redact as redact_text

    text = read_text(text_file, what="text file")
    services = _services()
    vault = Vault()
    language = detect_language(text)
    redacted = redact_text(
        text, language=language, known=KnownValues(), vault=vault, detector=services.detector
    )
    if as_json:
        payload = {"language": language, "text": redacted, "entities": vault.counts()}
        _print_json(payload)
    else:
        out.print(redacted, markup=False, highlight=False)
        counts = ", ".join(f"{kind} {n}" for kind, n in sorted(vault.counts().items())) or "none"
        err.print(f"entities: {counts}", markup=False, highlight=False)


@app.command("import-orders")
@handles_errors
def import_orders(
    orders_file: Annotated[Path, typer.Argument(help="Orders as .json (a list) or .csv.")],
) -> None:
    """Load a shop's orders into the order store (insert or replace by order number)."""
    from draftdesk.adapters.order_files import load_orders_file

    orders = load_orders_file(orders_file)
    inserted, updated = _services().orders.upsert(orders)
    out.print(f"imported {len(orders)} orders: {inserted} new, {updated} updated", highlight=False)


tickets = typer.Typer(
    help="The inbox: every ticket that reached Draftdesk and how far its reply has got.", no_args_is_help=True
)
app.add_typer(tickets, name="tickets")


@tickets.command("add")
@handles_errors
def tickets_add(
    ticket_file: Annotated[Path, typer.Argument(help="Ticket JSON (DESIGN.md, 'Ticket').")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the inbox entry as JSON.")] = False,
) -> None:
    """Store a ticket without drafting it (the same id with other content is its next revision)."""
    from draftdesk.files import read_ticket

    item = _services().tickets.store(read_ticket(ticket_file))
    if as_json:
        _print_json(item.model_dump(mode="json"))
    else:
        _print_inbox_line(item)


@tickets.command("list")
@handles_errors
def tickets_list(
    state: Annotated[DraftState | None, typer.Option(help="Only tickets in this state.")] = None,
    sort: Annotated[Sort, typer.Option(help="newest: latest message first; age: waited longest first.")] = Sort.NEWEST,
    limit: Annotated[int, typer.Option(min=1, max=200, help="At most this many tickets.")] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="Print the page as GET /v1/tickets answers it.")] = False,
) -> None:
    """The inbox, one ticket a line: id, state, response (fast, due, late), minutes waited, subject."""
    page = _services().tickets.page(state=state, sort=sort, limit=limit, cursor=None)
    if as_json:
        _print_json(page.model_dump(mode="json"))
        return
    for item in page.tickets:
        _print_inbox_line(item)
    counts = ", ".join(f"{name} {n}" for name, n in page.counts.model_dump().items())
    more = " (more: --limit, or GET /v1/tickets with its cursor)" if page.next_cursor else ""
    err.print(f"{counts}{more}", markup=False, highlight=False)


def _print_inbox_line(item: InboxItem) -> None:
    """Tab-separated, for `cut` and `awk` (a console would turn the tabs into spaces)."""
    subject = " ".join(item.subject.split())  # a tab or line break of its own would break the line
    fields = (item.ticket_id, item.draft_state.value, item.response.value, f"{item.age_minutes} min", subject)
    sys.stdout.write("\t".join(fields) + "\n")


@app.command("eval")
@handles_errors
def eval_suite(
    model: Annotated[str, typer.Option(help="'template', 'stub' (local recording stub), or a litellm model string.")] = "template",
    repeat: Annotated[int, typer.Option(min=1, max=20, help="Runs of the cases; reports mean and spread.")] = 1,
    out_dir: Annotated[Path, typer.Option("--out", help="Where report.json and report.html go.")] = Path("var/eval"),
    compare_dir: Annotated[Path | None, typer.Option("--compare", help="A previous --out folder to diff against.")] = None,
    judge: Annotated[str | None, typer.Option(help="litellm model that scores tone and helpfulness (reported, not gating).")] = None,
    only: Annotated[str | None, typer.Option(help="Comma-separated sections: cases,pii,pii-baseline,style,style_blind,style_blind2,promises,retrieval,edits,intent.")] = None,
    record: Annotated[bool, typer.Option(help="Send a real model's requests through the local recording proxy.")] = True,
    thresholds: Annotated[Path | None, typer.Option(help="Bars to clear (default: evals/thresholds.yaml).")] = None,
    shop: Annotated[Path | None, typer.Option(help="Another shop's folder (shop.yaml, policies/, demo/, expectations.yaml): its cases only.")] = None,
    since: Annotated[datetime | None, typer.Option(help="Edits section: approvals in the configured store from this date (default: 30 days before --until).", formats=["%Y-%m-%d"])] = None,
    until: Annotated[datetime | None, typer.Option(help="Edits section: approvals up to this date, included (default: today).", formats=["%Y-%m-%d"])] = None,
) -> None:
    """The eval suite: writes report.json and report.html; exit 1 when a threshold fails."""
    import importlib.util
    import tempfile

    from draftdesk.config import PROJECT_ROOT

    if importlib.util.find_spec("draftdesk.testing") is None or not (PROJECT_ROOT / "evals").is_dir():
        raise ConfigurationError(
            "draftdesk eval runs from a checkout of the repository (its evals/ data and the model stub "
            "are not in the installed package): clone it and run `.venv/bin/draftdesk eval` there"
        )
    from draftdesk.evals.report import write_report
    from draftdesk.evals.runner import EVAL_CLOCK, SECTIONS, THRESHOLDS_FILE, EvalOptions, run_eval
    from draftdesk.evals.shop_dir import shop_under_eval
    from draftdesk.wiring import Services

    sections = tuple(s.strip() for s in only.split(",") if s.strip()) if only else (("cases",) if shop else SECTIONS)
    if shop is not None and sections != ("cases",):
        raise InvalidInput("--shop runs the cases section only (the labelled sets are the demo shop's)")
    options = EvalOptions(
        model=model, repeat=repeat, sections=sections, judge=judge, record=record,
        thresholds=thresholds or THRESHOLDS_FILE, compare=compare_dir,
    )  # fmt: skip
    if "edits" in sections:
        # Real agents' edits: the configured store's approvals (what GET /v1/stats reports).
        from draftdesk.edits import stats_metrics

        live = Services(_settings()).desk.stats(since=since.date() if since else None, until=until.date() if until else None)
        options = options.model_copy(update={"live_edits": stats_metrics(live)})
    with tempfile.TemporaryDirectory(prefix="draftdesk-eval-") as scratch:
        # The shop on its own store and index, whatever DRAFTDESK_DATABASE_URL points at.
        update: dict[str, object] = {
            "var_dir": Path(scratch) / "var", "database_url": "", "chroma_url": "", "now": EVAL_CLOCK, "load_demo": True,
        }
        if shop is not None:
            under_eval = shop_under_eval(shop, defaults=_settings().knowledge_dir, scratch=Path(scratch))
            update["knowledge_dir"] = under_eval.knowledge_dir
            options = options.model_copy(update={"cases_dir": under_eval.cases_dir, "tickets_dir": under_eval.tickets_dir})
        settings = _settings().model_copy(update=update)
        with Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), console=err, transient=True
        ) as progress:
            tasks: dict[str, int] = {}

            def advance(step: str, done: int, total: int) -> None:
                if step not in tasks:
                    tasks[step] = progress.add_task(step, total=total)
                progress.update(tasks[step], completed=done, total=total)

            report = run_eval(Services(settings), options=options, progress=advance)
    json_path, html_path = write_report(report, out_dir)
    for verdict in report.verdicts:
        if not verdict.passed:
            value = "not measured" if verdict.value is None else f"{verdict.value:.4g}"
            err.print(f"FAIL {verdict.metric} = {value} (bar {verdict.bar})", markup=False, highlight=False)
    passed = sum(v.passed for v in report.verdicts)
    out.print(
        f"{'PASS' if report.passed else 'FAIL'}: {passed}/{len(report.verdicts)} thresholds, "
        f"{report.run.cases} cases × {report.run.repeat}, {len(report.leaks)} leaks → {json_path}, {html_path}",
        highlight=False,
    )
    if not report.passed:
        raise typer.Exit(EXIT_FINDINGS)


def _print_json(payload: object) -> None:
    sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")


def _print_draft(result: Draft) -> None:
    out.print(f"Subject: {result.subject}", markup=False, highlight=False)
    out.print("", markup=False)
    out.print(result.body, markup=False, highlight=False)
    if result.findings:
        err.print("")
        _print_findings(result.findings, console=err)


def _print_findings(findings: list[Finding], *, console: Console = out) -> None:
    if not findings:
        console.print("no findings", highlight=False)
    for f in findings:
        line = f"{f.rule} {f.severity.value} [{f.start}:{f.end}] {f.message} «{f.excerpt}»"
        if f.suggestion:
            line += f" → {f.suggestion}"
        console.print(line, markup=False, highlight=False)


def main() -> None:
    mask_personal_numbers_in_logs()
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)


@app.command("init")
@handles_errors
def init_shop(
    folder: Annotated[Path, typer.Argument(help="Where the shop's knowledge/ and prompts/ go.")],
) -> None:
    """Copy the demo shop's knowledge/ and prompts/ into FOLDER for a shop to edit; print the settings that use them."""
    import shlex
    import shutil

    from draftdesk.config import shop_data_dir

    if folder.exists() and not folder.is_dir():
        raise InvalidInput(f"{folder}: not a folder")
    targets = {name: folder / name for name in ("knowledge", "prompts")}
    taken = next((target for target in targets.values() if target.exists()), None)
    if taken is not None:
        raise InvalidInput(f"{taken} already exists: init never overwrites a shop's files")
    for name, target in targets.items():
        shutil.copytree(shop_data_dir() / name, target)
    root = folder.resolve()
    out.print(f"wrote {root / 'knowledge'} and {root / 'prompts'}; point Draftdesk at them:", markup=False, highlight=False)
    settings = {"KNOWLEDGE_DIR": root / "knowledge", "PROMPTS_DIR": root / "prompts", "VAR_DIR": root / "var"}
    for variable, path in settings.items():
        out.print(f"export DRAFTDESK_{variable}={shlex.quote(str(path))}", markup=False, highlight=False)
    out.print(
        "knowledge/demo/ holds the demo orders and tickets: once your own orders are imported "
        "(draftdesk import-orders), delete it and set DRAFTDESK_LOAD_DEMO=false.",
        markup=False,
        highlight=False,
    )



keys_app = typer.Typer(help="API keys with roles (agent, integrator, admin): create, list, revoke.",
                       no_args_is_help=True)  # fmt: skip
app.add_typer(keys_app, name="keys")


@keys_app.command("create")
@handles_errors
def create_key(
    role: Annotated[str, typer.Option(help="agent, integrator or admin.")],
    owner: Annotated[str, typer.Option(help="Who holds the key (the audit trail names them).")],
) -> None:
    """A new key, printed once on stdout (only its hash is stored)."""
    issued = _services().keys.create(owner=owner, role=role)
    sys.stdout.write(issued.key + "\n")
    err.print(
        f"created {issued.id} for {issued.owner} ({issued.role}); the key is shown this once",
        markup=False,
        highlight=False,
    )


@keys_app.command("list")
@handles_errors
def list_keys(as_json: Annotated[bool, typer.Option("--json", help="Print the keys as JSON.")] = False) -> None:
    """Every key, tab-separated: id, owner, role, created, revoked (never the key itself)."""
    keys = _services().keys.all_keys()
    if as_json:
        _print_json([key.model_dump(mode="json") for key in keys])
        return
    for key in keys:
        revoked = f"revoked {key.revoked_at.isoformat()}" if key.revoked_at else "active"
        sys.stdout.write(f"{key.id}\t{key.owner}\t{key.role}\tcreated {key.created_at.isoformat()}\t{revoked}\n")
    if not keys:
        err.print("no keys stored", markup=False, highlight=False)


@keys_app.command("revoke")
@handles_errors
def revoke_key(key_id: Annotated[str, typer.Argument(metavar="ID", help="The key's id (keys list).")]) -> None:
    """Revoke a key for good: its next request is refused (401)."""
    key = _services().keys.revoke(key_id)
    out.print(f"revoked {key.id} ({key.owner}, {key.role})", markup=False, highlight=False)


if __name__ == "__main__":
    main()
