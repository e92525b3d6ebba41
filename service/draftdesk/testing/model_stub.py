"""A local OpenAI-compatible model server that records every request it receives.

The eval suite's wire check and the drafter tests point litellm at it
(`openai/<any name>`, `api_base=stub.base_url`) and then read `recorded_bodies()`
to prove that no personal value ever left the process. Answers come from a script
(a queue per model name, then a shared queue), else `ok()`.

    with ModelStub() as stub:
        stub.script(status(429), ok())
        stub.script(slow(2.0), model="slow-model")
        ...
        assert all("山田" not in body for body in stub.recorded_bodies())
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import re
import threading
import time
from collections import deque
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse

from draftdesk.domain import Language, Sections
from draftdesk.formatting import format_date
from draftdesk.pipeline.intake import detect_language
from draftdesk.testing.local_server import LocalServer
from draftdesk.testing.model_guard import declare_model_server, withdraw_model_server

_PLACEHOLDER = re.compile(r"<[A-Z][A-Z_]*_\d+>")
_ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
_ESTIMATE_LINE = re.compile(r"^.*(?:見込み|estimate).*$", re.MULTILINE | re.IGNORECASE)
_EMBEDDING_SIZE = 16


@dataclass(frozen=True)
class StubPrompt:
    """What an answer may look at: the last user message and what it contains."""

    text: str
    language: Language
    placeholders: tuple[str, ...]
    dates: tuple[date, ...]  # every ISO date, in order
    estimated_dates: tuple[date, ...]  # ISO dates on lines that mention an estimate

    @classmethod
    def from_body(cls, body: dict[str, object]) -> StubPrompt:
        messages = body.get("messages")
        contents = [m.get("content") for m in messages if isinstance(m, dict)] if isinstance(messages, list) else []
        texts = [c for c in contents if isinstance(c, str)]
        text = texts[-1] if texts else ""
        return cls(
            text=text,
            # An English prompt still quotes Japanese carrier and product names: go by the share.
            language=detect_language(text),
            placeholders=tuple(dict.fromkeys(_PLACEHOLDER.findall(text))),
            dates=_iso_dates(text),
            estimated_dates=_iso_dates("\n".join(_ESTIMATE_LINE.findall(text))),
        )


def _iso_dates(text: str) -> tuple[date, ...]:
    return tuple(dict.fromkeys(date.fromisoformat(d) for d in _ISO_DATE.findall(text)))


@dataclass(frozen=True)
class StubAnswer:
    """What the stub does with one chat request: wait, then a status and a message."""

    content: Callable[[StubPrompt], str]
    status: int = 200
    delay_s: float = 0.0
    retry_after_s: float | None = None


@dataclass(frozen=True)
class RecordedRequest:
    path: str
    raw: bytes
    body: dict[str, object]
    client_port: int | None = None  # the connection it came on: a client that keeps one reuses its port

    @property
    def text(self) -> str:
        """The body as JSON text with non-ASCII unescaped, so a substring search finds
        Japanese values even when the client sent them as \\uXXXX escapes."""
        return json.dumps(self.body, ensure_ascii=False)


# --- the answers ------------------------------------------------------------------


def generic_sections(prompt: StubPrompt) -> Sections:
    """A well-formed reply in the prompt's language that repeats the placeholders it saw."""
    mentioned = "、".join(prompt.placeholders) if prompt.language == "ja" else ", ".join(prompt.placeholders)
    if prompt.language == "ja":
        return Sections(
            subject="お問い合わせの件につきまして",
            opening="お問い合わせいただき、ありがとうございます。",
            facts=f"ご連絡の内容（{mentioned}）を確認いたしました。" if mentioned else "ご注文の状況を確認いたしました。",
            resolution="確認した内容に沿って対応いたします。",
            apology="ご不便をおかけしております。",
            closing="今後ともよろしくお願い申し上げます。",
        )
    return Sections(
        subject="About your enquiry",
        opening="Thank you for contacting us.",
        facts=f"We have checked the details you sent ({mentioned})." if mentioned else "We have checked your order.",
        resolution="We will take care of it as described above.",
        apology="We are sorry for the inconvenience.",
        closing="Kind regards.",
    )


def _answer_json(sections: Sections, **extra: str) -> str:
    return json.dumps({**sections.model_dump(), **extra}, ensure_ascii=False)


def ok(sections: Sections | None = None) -> StubAnswer:
    return StubAnswer(lambda prompt: _answer_json(sections or generic_sections(prompt)))


def apology_first() -> StubAnswer:
    def content(prompt: StubPrompt) -> str:
        sorry = "大変申し訳ございません。" if prompt.language == "ja" else "We are so sorry. "
        base = generic_sections(prompt)
        return _answer_json(base.model_copy(update={"opening": sorry + base.opening}))

    return StubAnswer(content)


def unmarked_estimate() -> StubAnswer:
    """States the prompt's first estimated date (else its first date) as a certainty."""

    def content(prompt: StubPrompt) -> str:
        when = next(iter(prompt.estimated_dates + prompt.dates), date(2026, 11, 28))
        day = format_date(when, prompt.language)
        said = f"{day}にお届けします。" if prompt.language == "ja" else f"It will arrive on {day}."
        return _answer_json(generic_sections(prompt).model_copy(update={"facts": said}))

    return StubAnswer(content)


def ungrounded_date() -> StubAnswer:
    """Promises a date that appears nowhere in the prompt."""

    def content(prompt: StubPrompt) -> str:
        when = date(2026, 12, 24)
        while when in prompt.dates:
            when += timedelta(days=1)
        day = format_date(when, prompt.language)
        said = f"{day}に発送いたします。" if prompt.language == "ja" else f"We will ship it on {day}."
        return _answer_json(generic_sections(prompt).model_copy(update={"resolution": said}))

    return StubAnswer(content)


def broken_json() -> StubAnswer:
    return StubAnswer(lambda prompt: _answer_json(generic_sections(prompt))[:40])


def extra_keys() -> StubAnswer:
    return StubAnswer(lambda prompt: _answer_json(generic_sections(prompt), signature="Taro, Support"))


def slow(seconds: float, then: StubAnswer | None = None) -> StubAnswer:
    answer = then or ok()
    return StubAnswer(answer.content, status=answer.status, delay_s=seconds)


def status(code: int, *, retry_after_s: float | None = None) -> StubAnswer:
    """An error response as OpenAI sends it (429 rate limit, 500 server error, 401 bad key)."""
    return StubAnswer(lambda prompt: f"stub error {code}", status=code, retry_after_s=retry_after_s)


# --- the server -------------------------------------------------------------------


@dataclass
class _Script:
    lock: threading.Lock = field(default_factory=threading.Lock)
    shared: deque[StubAnswer] = field(default_factory=deque)
    by_model: dict[str, deque[StubAnswer]] = field(default_factory=dict)

    def add(self, answers: tuple[StubAnswer, ...], model: str | None) -> None:
        with self.lock:
            queue = self.shared if model is None else self.by_model.setdefault(model, deque())
            queue.extend(answers)

    def clear(self) -> None:
        with self.lock:
            self.shared.clear()
            self.by_model.clear()

    def next_for(self, model: str) -> StubAnswer | None:
        with self.lock:
            for queue in (self.by_model.get(model), self.shared):
                if queue:
                    return queue.popleft()
        return None


class ModelStub:
    def __init__(
        self, *, otherwise: Callable[[StubPrompt], StubAnswer] | None = None, keep_alive_s: float = 5
    ) -> None:
        """`otherwise`: the answer to a prompt when nothing is scripted (default `ok()`);
        the load test's is a fixed latency, and an error for the prompts it marks.
        `keep_alive_s`: how long the stub keeps an idle connection open."""
        self.requests: list[RecordedRequest] = []
        self._script = _Script()
        self._otherwise = otherwise or (lambda prompt: ok())
        self._server = LocalServer(self._app(), name="model stub", keep_alive_s=keep_alive_s)

    def script(self, *answers: StubAnswer, model: str | None = None) -> None:
        """Queue answers for the next chat requests (for one model name, or any)."""
        self._script.add(answers, model)

    def reset(self) -> None:
        """Forget recorded requests and unused scripted answers (one server, many tests)."""
        self._script.clear()
        self.requests.clear()

    def recorded_bodies(self) -> list[str]:
        return [request.text for request in self.requests]

    def chat_requests(self) -> list[RecordedRequest]:
        return [r for r in self.requests if r.path.endswith("/chat/completions")]

    @property
    def base_url(self) -> str:
        return f"{self._server.url}/v1"

    def start(self, *, startup_timeout_s: float = 30.0) -> ModelStub:
        self._server.start(startup_timeout_s=startup_timeout_s)
        declare_model_server(self.base_url)
        return self

    def stop(self) -> None:
        if self._server.running:
            withdraw_model_server(self.base_url)
        self._server.stop(force=True)  # don't wait for scripted slow answers to finish

    def __enter__(self) -> ModelStub:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()

    def _app(self) -> FastAPI:
        app = FastAPI()

        @app.post("/v1/chat/completions")
        async def chat(request: Request) -> Response:
            body = await self._record(request)
            model = str(body.get("model", ""))
            prompt = StubPrompt.from_body(body)
            answer = self._script.next_for(model) or self._otherwise(prompt)
            await asyncio.sleep(answer.delay_s)
            content = answer.content(prompt)
            if answer.status != 200:
                headers = {} if answer.retry_after_s is None else {"retry-after": str(answer.retry_after_s)}
                return JSONResponse(_error_body(answer.status, content), status_code=answer.status, headers=headers)
            usage = {"prompt_tokens": len(prompt.text) // 4 + 1, "completion_tokens": len(content) // 4 + 1}
            usage["total_tokens"] = usage["prompt_tokens"] + usage["completion_tokens"]
            if body.get("stream"):
                return StreamingResponse(_chunks(model, content, usage), media_type="text/event-stream")
            return JSONResponse(
                {
                    "id": "chatcmpl-stub",
                    "object": "chat.completion",
                    "created": int(time.time()),
                    "model": model,
                    "choices": [
                        {"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}
                    ],
                    "usage": usage,
                }
            )

        @app.post("/v1/embeddings")
        async def embeddings(request: Request) -> Response:
            body = await self._record(request)
            texts = body.get("input")
            texts = [texts] if isinstance(texts, str) else texts if isinstance(texts, list) else []
            data = [{"object": "embedding", "index": i, "embedding": _vector(str(t))} for i, t in enumerate(texts)]
            tokens = sum(len(str(t)) // 4 + 1 for t in texts)
            return JSONResponse(
                {
                    "object": "list",
                    "data": data,
                    "model": str(body.get("model", "")),
                    "usage": {"prompt_tokens": tokens, "total_tokens": tokens},
                }
            )

        return app

    async def _record(self, request: Request) -> dict[str, object]:
        raw = await request.body()
        try:
            parsed = json.loads(raw)
        except ValueError:
            parsed = None
        body = parsed if isinstance(parsed, dict) else {}
        port = request.client.port if request.client else None
        self.requests.append(RecordedRequest(path=request.url.path, raw=raw, body=body, client_port=port))
        return body


def _error_body(code: int, message: str) -> dict[str, object]:
    kinds = {401: "invalid_api_key", 429: "rate_limit_exceeded"}
    return {"error": {"message": message, "type": "stub_error", "param": None, "code": kinds.get(code, "server_error")}}


async def _chunks(model: str, content: str, usage: dict[str, int]) -> AsyncIterator[str]:
    pieces = [content[i : i + 24] for i in range(0, len(content), 24)] or [""]
    for index, piece in enumerate(pieces):
        delta = {"role": "assistant", "content": piece} if index == 0 else {"content": piece}
        yield _sse(model, {"index": 0, "delta": delta, "finish_reason": None})
    yield _sse(model, {"index": 0, "delta": {}, "finish_reason": "stop"}, usage=usage)
    yield "data: [DONE]\n\n"


def _sse(model: str, choice: dict[str, object], *, usage: dict[str, int] | None = None) -> str:
    chunk = {
        "id": "chatcmpl-stub",
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": model,
        "choices": [choice],
        "usage": usage,
    }
    return f"data: {json.dumps(chunk, ensure_ascii=False)}\n\n"


def _vector(text: str) -> list[float]:
    """A deterministic unit-length vector: equal texts embed equally, nothing more."""
    digest = hashlib.sha256(text.encode()).digest()
    raw = [byte - 127.5 for byte in digest[:_EMBEDDING_SIZE]]
    norm = sum(x * x for x in raw) ** 0.5
    return [x / norm for x in raw]
