"""Hostile input over real HTTP: unencodable text, oversized and chunked bodies, methods
no route has. Each answer is a precise problem+json, never a 500, and nothing stored
is lost."""

from __future__ import annotations

import json
import socket
from urllib.parse import urlsplit

import httpx
import pytest

from draftdesk.files import MAX_FILE_BYTES
from tests.api.conftest import demo_ticket

PROBLEM = "application/problem+json"
LONE = "\ud800"  # json.dumps spells it "\ud800": valid JSON, but no Unicode text


def _ticket(**fields: object) -> dict[str, object]:
    return {"id": "T-HOSTILE", "body": "注文 HM-24-00012 はいつ届きますか。", **fields}


def _post_json(client, method: str, path: str, body: object):
    # ensure_ascii: the lone surrogate goes out as the six characters \ud800
    return client.request(method, path, content=json.dumps(body), headers={"content-type": "application/json"})


@pytest.fixture(scope="module")
def draft_id(server) -> str:
    response = httpx.post(f"{server.url}/v1/drafts", json={"ticket": demo_ticket()}, timeout=60)
    assert response.status_code == 201, response.text
    return response.json()["id"]


TEXT_FIELDS = [
    ("POST", "/v1/drafts", {"ticket": _ticket(body=f"届きません{LONE}")}, "ticket.body"),
    ("POST", "/v1/drafts", {"ticket": _ticket(subject=f"件名{LONE}")}, "ticket.subject"),
    ("POST", "/v1/drafts", {"ticket": _ticket(**{"from": {"name": f"山田{LONE}"}})}, "ticket.from.name"),
    ("POST", "/v1/drafts", {"ticket": _ticket(id=f"T-{LONE}")}, "ticket.id"),
    ("POST", "/v1/drafts", {"ticket": _ticket(), "agent": {"name": f"佐藤{LONE}"}}, "agent.name"),
    ("POST", "/v1/drafts", {"ticket": _ticket(), "options": {"model": LONE}}, "options.model"),
    ("PUT", "/v1/drafts/{id}", {"body": f"本文{LONE}"}, "body"),
    ("PUT", "/v1/drafts/{id}", {"body": "本文", "subject": LONE}, "subject"),
    ("POST", "/v1/drafts/{id}/approve", {"agent": f"佐藤{LONE}"}, "agent"),
    ("POST", "/v1/drafts/{id}/approve", {"agent": {"name": LONE}}, "agent.name"),
    ("POST", "/v1/drafts/{id}/approve", {"agent": "佐藤", "override_reason": f"電話で合意済み{LONE}です"}, "override_reason"),
    ("POST", "/v1/check", {"text": f"本文{LONE}"}, "text"),
    ("POST", "/v1/check", {"text": "本文", "subject": LONE}, "subject"),
    ("POST", "/v1/check", {"text": "本文", "ticket": _ticket(body=LONE)}, "ticket.body"),
    ("POST", "/v1/check", {"text": "本文", "ticket": _ticket(**{"from": {"name": LONE}})}, "ticket.from.name"),
]


@pytest.mark.parametrize(("method", "path", "body", "field"), TEXT_FIELDS)
def test_a_lone_surrogate_in_any_text_field_is_a_422_naming_the_field(client, draft_id, method, path, body, field):
    """Was 500: the idempotency hash (payload.encode()) and the embedder failed on it."""
    response = _post_json(client, method, path.format(id=draft_id), body)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == PROBLEM
    detail = response.json()["detail"]
    assert detail.startswith(f"{field}: ") and "unpaired surrogate (U+D800)" in detail
    response.content.decode("utf-8")  # the answer itself is valid UTF-8
    assert client.get(f"/v1/drafts/{draft_id}").json()["version"] == 1  # nothing was changed


def test_a_lone_surrogate_in_a_field_name_is_named_without_breaking_the_answer(client):
    response = _post_json(client, "POST", "/v1/check", {"text": "本文", f"x{LONE}": 1})
    assert response.status_code == 422 and response.headers["content-type"] == PROBLEM
    response.content.decode("utf-8")
    assert "x\\ud800: the field name contains an unpaired surrogate" in response.json()["detail"]


def test_a_surrogate_pair_is_ordinary_text(client):
    """"\\ud83d\\ude00" is one character (😀), not a lone surrogate."""
    response = _post_json(client, "POST", "/v1/check", {"text": "注文は11月16日に発送いたしました\ud83d\ude00"})
    assert response.status_code == 200, response.text


def _chunked_upload(url: str, path: str, *, chunks: list[int]) -> bytes:
    """POST chunks of these sizes with Transfer-Encoding: chunked (no Content-Length),
    and never the final chunk: a server that waited for the end of the body would never
    answer. (Nothing is sent after the chunk that passes the limit, so the server closes
    with nothing unread, and the answer is not lost to a TCP reset.)"""
    parts = urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=20) as sock:
        sock.sendall(
            f"POST {path} HTTP/1.1\r\nHost: {parts.netloc}\r\nContent-Type: application/json\r\n"
            "Transfer-Encoding: chunked\r\n\r\n".encode()
        )
        for size in chunks:
            sock.sendall(f"{size:x}\r\n".encode() + b" " * size + b"\r\n")
        answer = b""
        while more := sock.recv(65536):
            answer += more
    return answer


@pytest.mark.parametrize(
    "path",
    ["/v1/drafts", "/v1/drafts/d_any", "/v1/drafts/d_any/approve", "/v1/check", "/v1/knowledge/reindex", "/healthz"],
)
def test_a_chunked_body_over_the_limit_is_cut_off_with_413_on_every_route(server, path):
    """Was: a chunked 10 MB body read whole, then 422. Now it is counted as it arrives:
    one byte past the limit the answer is 413 and the connection closes, the rest unread."""
    answer = _chunked_upload(server.url, path, chunks=[MAX_FILE_BYTES // 10] * 10 + [1])
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 413"), answer[:300]
    assert b"content-type: application/problem+json" in head.lower()
    assert b"connection: close" in head.lower()
    problem = json.loads(body)
    assert problem["status"] == 413 and f"passed {MAX_FILE_BYTES:,} bytes" in problem["detail"]


def test_a_declared_length_over_the_limit_is_refused_before_reading(client):
    body = b"{" + b" " * MAX_FILE_BYTES + b"}"
    response = client.post("/v1/check", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 413 and response.headers["content-type"] == PROBLEM
    assert f"{MAX_FILE_BYTES + 2:,} bytes" in response.json()["detail"]


def test_a_body_within_the_limit_still_arrives_whole_when_chunked(client):
    def pieces():
        text = json.dumps({"text": "申し訳ございません。ご注文の商品は11月16日に発送いたしました。", "language": "ja"}).encode()
        for start in range(0, len(text), 7):
            yield text[start : start + 7]

    response = client.post("/v1/check", content=pieces(), headers={"content-type": "application/json"})
    assert response.status_code == 200, response.text
    assert "HS001" in {f["rule"] for f in response.json()["findings"]}


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("TRACE", "/v1/drafts", "POST"),
        ("DELETE", "/v1/drafts/d_any", "GET, PUT"),  # both routes of the path, not the first one found
        ("TRACE", "/v1/drafts/d_any/approve", "POST"),
        ("PATCH", "/v1/check", "POST"),
        ("TRACE", "/healthz", "GET"),
        ("DELETE", "/static/console.js", "GET, HEAD"),
    ],
)
def test_a_method_no_route_has_is_405_with_allow(client, method, path, allow):
    response = client.request(method, path)
    assert response.status_code == 405
    assert response.headers["allow"] == allow
    assert response.headers["content-type"] == PROBLEM


def test_head_works_wherever_get_does_and_sends_no_body(client) -> None:
    for path in ("/healthz", "/readyz", "/metrics"):
        got = client.head(path)
        assert got.status_code == 200 and got.content == b"", path


def test_a_trailing_slash_is_not_redirected_to_the_host_a_client_names(client) -> None:
    got = client.get("/v1/drafts/abc/", headers={"Host": "evil.example"}, follow_redirects=False)
    assert got.status_code == 404 and "location" not in got.headers


def test_a_draft_id_with_a_control_character_is_refused(client) -> None:
    assert client.get("/v1/drafts/%00").status_code == 422


@pytest.mark.parametrize("body", ["\u200b\u200b", "\ufeff", "\u3164\u3164", "\u2800"])
def test_a_body_of_invisible_characters_is_empty(client, body: str) -> None:
    got = client.post("/v1/drafts", json={"ticket": {"id": "T-INVISIBLE", "body": body}})
    assert got.status_code == 422 and got.headers["content-type"].startswith("application/problem+json")


@pytest.mark.parametrize("body", ["<p></p>", "> quoted only"])
def test_an_empty_mail_is_refused_before_a_stream_starts(client, body: str) -> None:
    got = client.post("/v1/drafts?stream=true", json={"ticket": {"id": "T-EMPTY-STREAM", "body": body}})
    assert got.status_code == 422 and got.headers["content-type"].startswith("application/problem+json")
