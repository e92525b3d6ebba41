"""Webhook signatures: expected values from openssl, not from our own code; then every way
a delivery is refused, each with a message that names the problem and leaks nothing."""

from __future__ import annotations

import base64
import shutil
import subprocess
from datetime import UTC, datetime, timedelta

import pytest

from draftdesk.errors import WebhookRefused
from draftdesk.integrations.signatures import (
    CHATWOOT_SIGNATURE,
    CHATWOOT_TIMESTAMP,
    CLOCK_SKEW,
    MAX_AGE,
    ZENDESK_SIGNATURE,
    ZENDESK_TIMESTAMP,
    sign_chatwoot,
    sign_zendesk,
    verify_chatwoot,
    verify_zendesk,
)

NOW = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)  # 12:00 in Tokyo, the demo clock

ZENDESK_SECRET = "zendesk-signing-secret"
ZENDESK_TS = "2026-11-20T03:00:00Z"
ZENDESK_BODY = '{"ticket_id":"4812","comment":"まだ届きません"}'.encode()
# printf '%s' '2026-11-20T03:00:00Z' | cat - body.json \
#   | openssl dgst -sha256 -hmac 'zendesk-signing-secret' -binary | base64
ZENDESK_EXPECTED = "m6q41rrHxWpvDwLNYQ45q4iig1OyvMbwp7qxNKJ6NhQ="

CHATWOOT_SECRET = "chatwoot-signing-secret"
CHATWOOT_TS = "1795143600"  # 2026-11-20T03:00:00Z
CHATWOOT_BODY = '{"event":"message_created","id":90311,"content":"まだ届きません"}'.encode()
# printf '%s' '1795143600.' | cat - body.json | openssl dgst -sha256 -hmac 'chatwoot-signing-secret' -r
CHATWOOT_EXPECTED = "sha256=9a5bbf62c01236989e9482278972d8747ced49a3846e112feefd9c2a6f26fe45"

SECRETS = (ZENDESK_SECRET, CHATWOOT_SECRET)


def zendesk_headers(*, body: bytes = ZENDESK_BODY, timestamp: str = ZENDESK_TS, secret: str = ZENDESK_SECRET) -> dict[str, str]:
    return {ZENDESK_SIGNATURE: sign_zendesk(body, secret=secret, timestamp=timestamp), ZENDESK_TIMESTAMP: timestamp}


def chatwoot_headers(*, body: bytes = CHATWOOT_BODY, timestamp: str = CHATWOOT_TS, secret: str = CHATWOOT_SECRET) -> dict[str, str]:
    return {CHATWOOT_SIGNATURE: sign_chatwoot(body, secret=secret, timestamp=timestamp), CHATWOOT_TIMESTAMP: timestamp}


def _zendesk_ts(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _chatwoot_ts(moment: datetime) -> str:
    return str(int(moment.timestamp()))


# --- the signatures themselves -----------------------------------------------------


def test_zendesk_signature_is_what_openssl_computes() -> None:
    assert sign_zendesk(ZENDESK_BODY, secret=ZENDESK_SECRET, timestamp=ZENDESK_TS) == ZENDESK_EXPECTED


def test_chatwoot_signature_is_what_openssl_computes() -> None:
    assert sign_chatwoot(CHATWOOT_BODY, secret=CHATWOOT_SECRET, timestamp=CHATWOOT_TS) == CHATWOOT_EXPECTED


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl is not installed")
def test_the_literals_above_are_openssl_s() -> None:
    """Re-derives both literals with the commands written next to them."""
    zendesk = subprocess.run(
        ["openssl", "dgst", "-sha256", "-hmac", ZENDESK_SECRET, "-binary"],
        input=ZENDESK_TS.encode() + ZENDESK_BODY, capture_output=True, check=True,
    ).stdout
    chatwoot = subprocess.run(
        ["openssl", "dgst", "-sha256", "-hmac", CHATWOOT_SECRET, "-r"],
        input=CHATWOOT_TS.encode() + b"." + CHATWOOT_BODY, capture_output=True, check=True,
    ).stdout
    assert base64.b64encode(zendesk).decode() == ZENDESK_EXPECTED
    assert "sha256=" + chatwoot.split()[0].decode() == CHATWOOT_EXPECTED


def test_genuine_fresh_deliveries_pass_and_return_the_signing_time() -> None:
    assert verify_zendesk({ZENDESK_SIGNATURE: ZENDESK_EXPECTED, ZENDESK_TIMESTAMP: ZENDESK_TS}, ZENDESK_BODY,
                          secret=ZENDESK_SECRET, now=NOW) == NOW
    assert verify_chatwoot({CHATWOOT_SIGNATURE: CHATWOOT_EXPECTED, CHATWOOT_TIMESTAMP: CHATWOOT_TS}, CHATWOOT_BODY,
                           secret=CHATWOOT_SECRET, now=NOW) == NOW


def test_header_names_are_case_insensitive() -> None:
    headers = {name.lower(): value for name, value in zendesk_headers().items()}
    assert verify_zendesk(headers, ZENDESK_BODY, secret=ZENDESK_SECRET, now=NOW) == NOW
    headers = {name.upper(): value for name, value in chatwoot_headers().items()}
    assert verify_chatwoot(headers, CHATWOOT_BODY, secret=CHATWOOT_SECRET, now=NOW) == NOW


def test_the_window_edges_are_accepted() -> None:
    oldest, newest = NOW - MAX_AGE, NOW + CLOCK_SKEW
    for moment in (oldest, newest):
        ts = _zendesk_ts(moment)
        assert verify_zendesk(zendesk_headers(timestamp=ts), ZENDESK_BODY, secret=ZENDESK_SECRET, now=NOW) == moment
        ts = _chatwoot_ts(moment)
        assert verify_chatwoot(chatwoot_headers(timestamp=ts), CHATWOOT_BODY, secret=CHATWOOT_SECRET, now=NOW) == moment


# --- refusals ------------------------------------------------------------------------

ONE_SECOND = timedelta(seconds=1)

REFUSALS = [
    # (case, helpdesk, headers, body, reason, words the message must contain)
    ("zendesk wrong secret", "zendesk", zendesk_headers(secret="not-the-secret"), ZENDESK_BODY, "bad_signature", "does not match"),
    ("zendesk changed body", "zendesk", zendesk_headers(), ZENDESK_BODY.replace(b"4812", b"4813"), "bad_signature", "does not match"),
    ("zendesk signature of another time", "zendesk",
     {**zendesk_headers(), ZENDESK_TIMESTAMP: "2026-11-20T03:00:01Z"}, ZENDESK_BODY, "bad_signature", "does not match"),
    ("zendesk stale", "zendesk", zendesk_headers(timestamp=_zendesk_ts(NOW - MAX_AGE - ONE_SECOND)), ZENDESK_BODY, "stale", "301 s ago"),
    ("zendesk future", "zendesk", zendesk_headers(timestamp=_zendesk_ts(NOW + CLOCK_SKEW + ONE_SECOND)), ZENDESK_BODY, "future", "31 s in the future"),
    ("zendesk no signature", "zendesk", {ZENDESK_TIMESTAMP: ZENDESK_TS}, ZENDESK_BODY, "missing_header", ZENDESK_SIGNATURE),
    ("zendesk no timestamp", "zendesk", {ZENDESK_SIGNATURE: ZENDESK_EXPECTED}, ZENDESK_BODY, "missing_header", ZENDESK_TIMESTAMP),
    ("zendesk blank headers", "zendesk", {ZENDESK_SIGNATURE: " ", ZENDESK_TIMESTAMP: ""}, ZENDESK_BODY, "missing_header",
     f"{ZENDESK_SIGNATURE} and {ZENDESK_TIMESTAMP}"),
    ("zendesk timestamp without offset", "zendesk", zendesk_headers(timestamp="2026-11-20T03:00:00"), ZENDESK_BODY,
     "malformed_timestamp", "UTC offset"),
    ("zendesk unix timestamp", "zendesk", zendesk_headers(timestamp=CHATWOOT_TS), ZENDESK_BODY, "malformed_timestamp", "ISO 8601"),
    ("chatwoot wrong secret", "chatwoot", chatwoot_headers(secret="not-the-secret"), CHATWOOT_BODY, "bad_signature", "does not match"),
    ("chatwoot changed body", "chatwoot", chatwoot_headers(), CHATWOOT_BODY.replace(b"90311", b"90312"), "bad_signature", "does not match"),
    ("chatwoot signature without prefix", "chatwoot",
     {**chatwoot_headers(), CHATWOOT_SIGNATURE: CHATWOOT_EXPECTED.removeprefix("sha256=")}, CHATWOOT_BODY, "bad_signature", "does not match"),
    ("chatwoot non-ascii signature", "chatwoot", {**chatwoot_headers(), CHATWOOT_SIGNATURE: "sha256=署名"}, CHATWOOT_BODY,
     "bad_signature", "does not match"),
    ("chatwoot stale", "chatwoot", chatwoot_headers(timestamp=_chatwoot_ts(NOW - MAX_AGE - ONE_SECOND)), CHATWOOT_BODY, "stale", "301 s ago"),
    ("chatwoot a day old", "chatwoot", chatwoot_headers(timestamp=_chatwoot_ts(NOW - timedelta(days=1))), CHATWOOT_BODY, "stale", "86400 s ago"),
    ("chatwoot future", "chatwoot", chatwoot_headers(timestamp=_chatwoot_ts(NOW + CLOCK_SKEW + ONE_SECOND)), CHATWOOT_BODY, "future",
     "31 s in the future"),
    ("chatwoot no signature", "chatwoot", {CHATWOOT_TIMESTAMP: CHATWOOT_TS}, CHATWOOT_BODY, "missing_header", CHATWOOT_SIGNATURE),
    ("chatwoot no timestamp", "chatwoot", {CHATWOOT_SIGNATURE: CHATWOOT_EXPECTED}, CHATWOOT_BODY, "missing_header", CHATWOOT_TIMESTAMP),
    ("chatwoot no headers", "chatwoot", {}, CHATWOOT_BODY, "missing_header", f"{CHATWOOT_SIGNATURE} and {CHATWOOT_TIMESTAMP}"),
    ("chatwoot iso timestamp", "chatwoot", chatwoot_headers(timestamp=ZENDESK_TS), CHATWOOT_BODY, "malformed_timestamp", "Unix time"),
    # Seconds are what Chatwoot sends; 13 digits (milliseconds) would be the year 58852.
    ("chatwoot milliseconds", "chatwoot", chatwoot_headers(timestamp=CHATWOOT_TS + "000"), CHATWOOT_BODY,
     "malformed_timestamp", "Unix time"),
    ("chatwoot negative", "chatwoot", chatwoot_headers(timestamp="-1"), CHATWOOT_BODY, "malformed_timestamp", "Unix time"),
]


@pytest.mark.parametrize(("helpdesk", "headers", "body", "reason", "words"), [case[1:] for case in REFUSALS],
                         ids=[case[0] for case in REFUSALS])
def test_refusals(helpdesk: str, headers: dict[str, str], body: bytes, reason: str, words: str) -> None:
    verify, secret = (verify_zendesk, ZENDESK_SECRET) if helpdesk == "zendesk" else (verify_chatwoot, CHATWOOT_SECRET)
    with pytest.raises(WebhookRefused) as refused:
        verify(headers, body, secret=secret, now=NOW)
    error = refused.value
    assert error.reason == reason
    assert error.status_code == 401
    assert words in error.detail
    assert error.detail.startswith(f"{helpdesk.capitalize()} webhook refused: ")
    for secret_value in SECRETS:
        assert secret_value not in error.detail
    assert body.decode() not in error.detail and "まだ届きません" not in error.detail
    for value in headers.values():
        if len(value) > 8:  # a header's value is not echoed (short ones such as "-1" may coincide with numbers)
            assert value not in error.detail

