"""The wire check: did any personal value of any eval case reach a model?

Every value a case's ticket and order hold about a person (names, e-mails, phones,
addresses and their parts, card numbers) is compared, after NFKC normalisation and
with all whitespace removed, against every request body a model server received.
Values are listed here independently of the redactor, so a gap in its known values
shows up as a leak rather than being repeated.

With a real provider, `RecordingProxy` sits on 127.0.0.1 in front of it: the drafter
talks to the proxy, the proxy records each body and forwards it unchanged
(`--model openai/gpt-4o-mini --record`).
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable

import httpx
from fastapi import FastAPI, Request
from fastapi.responses import Response

from draftdesk.testing.local_server import LocalServer
from draftdesk.domain import Frozen, Order, Ticket

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?<![0-9])(?:\+81[\s-]?(?:\(0\))?[\s-]?|0)[0-9]{1,4}[\s-]?[0-9]{1,4}[\s-]?[0-9]{3,4}(?![0-9])")
_CARD = re.compile(r"(?<![0-9])[0-9]{4}(?:[\s-]?[0-9]{4}){2}[\s-]?[0-9]{1,4}(?![0-9])")
_POSTAL = re.compile(r"〒?\s*[0-9]{3}-?[0-9]{4}")
_JA_PIECES = re.compile(r"[,\s、]+|(?<=[都道府県市区町村])")
_LATIN_PIECES = re.compile(r"[,\n]+")
_HAS_DIGIT = re.compile(r"[0-9０-９]")
_DASHES = str.maketrans({c: "-" for c in "‐‑‒–—―−ーｰ－"})
_NUMERIC_KINDS = frozenset({"PHONE_NUMBER", "CREDIT_CARD"})
_HOP_BY_HOP = {"host", "content-length", "connection", "transfer-encoding", "accept-encoding"}


class PersonalValue(Frozen):
    case_id: str
    kind: str  # PERSON, EMAIL_ADDRESS, PHONE_NUMBER, ADDRESS, CREDIT_CARD
    value: str

    @property
    def needle(self) -> str:
        """The value as compared: folded, without spaces; numbers by their digits alone."""
        if self.kind in _NUMERIC_KINDS:
            return re.sub(r"[^0-9]", "", normalise(self.value))
        return normalise(self.value)

    @property
    def digest(self) -> str:
        """Names the value in a report without showing it."""
        return hashlib.sha256(self.needle.encode()).hexdigest()[:12]

    def pattern(self) -> re.Pattern[str]:
        """Any spacing between the characters (digits may also be split by - ( ) .), and a
        value that starts or ends with a Latin letter or digit is not glued to another
        there: Tom is not in "custom", 1234 not inside a longer number. Case counts,
        except in e-mail addresses: "Rose" the customer is not "rose" the tea."""
        gap = r"[\s\-().]*" if self.kind in _NUMERIC_KINDS else r"\s*"
        body = gap.join(re.escape(c) for c in self.needle)
        before = r"(?<![0-9A-Za-z])" if self.needle[0].isascii() and self.needle[0].isalnum() else ""
        after = r"(?![0-9A-Za-z])" if self.needle[-1].isascii() and self.needle[-1].isalnum() else ""
        return re.compile(before + body + after, re.IGNORECASE if self.kind == "EMAIL_ADDRESS" else 0)


class Leak(Frozen):
    case_id: str
    kind: str
    digest: str
    requests: int  # how many recorded bodies held it


def fold(text: str) -> str:
    """NFKC (full-width and half-width forms as plain ones) and one kind of dash."""
    return unicodedata.normalize("NFKC", text).translate(_DASHES)


def normalise(text: str) -> str:
    return re.sub(r"\s+", "", fold(text))


def personal_values(case_id: str, ticket: Ticket, order: Order | None) -> list[PersonalValue]:
    found: list[tuple[str, str]] = []
    names = [ticket.sender.name] + ([order.customer.name, order.customer.name_kana] if order else [])
    for name in filter(None, names):
        found.append(("PERSON", name))
        found += [("PERSON", part) for part in name.split() if len(part) >= (2 if not part.isascii() else 3)]
    emails = [ticket.sender.email] + ([order.customer.email] if order else [])
    found += [("EMAIL_ADDRESS", e) for e in filter(None, emails)]
    if order and order.customer.phone:
        found.append(("PHONE_NUMBER", order.customer.phone))
    if order and order.customer.address:
        found += [("ADDRESS", part) for part in address_parts(order.customer.address)]
    text = f"{ticket.subject}\n{ticket.body}"
    found += [("EMAIL_ADDRESS", m.group()) for m in _EMAIL.finditer(text)]
    found += [("CREDIT_CARD", m.group()) for m in _CARD.finditer(text)]
    found += [("PHONE_NUMBER", m.group()) for m in _PHONE.finditer(fold(text))]
    values = [PersonalValue(case_id=case_id, kind=kind, value=value) for kind, value in found]
    unique = {(v.kind, v.needle): v for v in values if len(v.needle) >= 2}
    return list(unique.values())


def address_parts(address: str) -> list[str]:
    """The whole address, the postal code, every run of consecutive pieces that holds
    a street or room number (渋谷区神宮前1-2-3, 神宮前1-2-3, 12 Baker Street) and every
    piece after the first number (a building: メゾン神宮前). Japanese is cut after
    都道府県市区町村 and at spaces, Latin at commas. A prefecture and city alone, or a
    bare "10", name no one."""
    postal = _POSTAL.search(address)
    rest = _POSTAL.sub("", address)
    pieces = [p.strip() for p in (_LATIN_PIECES if rest.isascii() else _JA_PIECES).split(rest) if p.strip()]
    runs = [" ".join(pieces[i:j]) for i in range(len(pieces)) for j in range(i + 1, len(pieces) + 1)]
    numbered = [i for i, piece in enumerate(pieces) if _HAS_DIGIT.search(piece)]
    buildings = pieces[numbered[0] + 1 :] if numbered else []
    parts = [address, *(r for r in runs if _HAS_DIGIT.search(r)), *buildings]
    if postal:
        parts.append(postal.group().lstrip("〒").strip())
    return [part for part in parts if len(normalise(part)) >= 4]


def body_text(raw: bytes) -> str:
    """A request body as text with JSON escapes undone (`\\u5c71` is 山)."""
    try:
        return json.dumps(json.loads(raw), ensure_ascii=False)
    except ValueError:
        return raw.decode("utf-8", errors="replace")


def count_leaks(values: Iterable[PersonalValue], bodies: Iterable[str]) -> list[Leak]:
    haystacks = [fold(body) for body in bodies]
    leaks = []
    for value in values:
        pattern = value.pattern()
        hits = sum(1 for haystack in haystacks if pattern.search(haystack))
        if hits:
            leaks.append(Leak(case_id=value.case_id, kind=value.kind, digest=value.digest, requests=hits))
    return leaks


class RecordingProxy:
    """An OpenAI-compatible pass-through on 127.0.0.1 that records every body it forwards."""

    def __init__(self, upstream: str, *, timeout_s: float = 120.0) -> None:
        self.upstream = upstream.rstrip("/")
        self.timeout_s = timeout_s
        self.bodies: list[str] = []
        self._server = LocalServer(self._app(), name="recording proxy")

    @property
    def base_url(self) -> str:
        return self._server.url

    def start(self, *, startup_timeout_s: float = 30.0) -> RecordingProxy:
        self._server.start(startup_timeout_s=startup_timeout_s)
        return self

    def stop(self) -> None:
        self._server.stop()

    def __enter__(self) -> RecordingProxy:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()

    def _app(self) -> FastAPI:
        app = FastAPI()

        @app.api_route("/{path:path}", methods=["GET", "POST"])
        async def forward(path: str, request: Request) -> Response:
            raw = await request.body()
            self.bodies.append(body_text(raw))
            headers = {k: v for k, v in request.headers.items() if k.lower() not in _HOP_BY_HOP}
            async with httpx.AsyncClient(timeout=self.timeout_s) as client:
                upstream = await client.request(
                    request.method, f"{self.upstream}/{path}", content=raw, headers=headers,
                    params=request.query_params,
                )
            kept = {k: v for k, v in upstream.headers.items() if k.lower() not in _HOP_BY_HOP | {"content-encoding"}}
            return Response(content=upstream.content, status_code=upstream.status_code, headers=kept)

        return app
