"""Is this webhook really from the helpdesk, and is it fresh? Pure functions taking `now`.

Zendesk (developer.zendesk.com/documentation/webhooks/verifying/ and
…/anatomy-of-a-webhook-request/): `X-Zendesk-Webhook-Signature` is
base64(HMAC-SHA256(signing secret, timestamp + raw body)), the timestamp being the value
of `X-Zendesk-Webhook-Signature-Timestamp`, ISO 8601 in UTC (`2021-03-25T05:09:27Z`).

Chatwoot (the `secret` of a webhook in its swagger definitions, and `Webhooks::Trigger`):
`X-Chatwoot-Signature` is `sha256=` + hex(HMAC-SHA256(secret, "{timestamp}.{raw body}")),
the timestamp being `X-Chatwoot-Timestamp`, Unix seconds (`Time.now.to_i`).

`now` is the wall clock, never a fixed demo clock (DRAFTDESK_NOW): a real helpdesk signs
with the real time. The signature is checked before the timestamp, so that only a sender holding the secret
learns that its clock is off. A refusal raises `WebhookRefused`; its message names the
header or the age and never carries the secret, the body or a header's value.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta

from draftdesk.errors import WebhookRefused

MAX_AGE = timedelta(minutes=5)  # older signed deliveries are refused as replays
CLOCK_SKEW = timedelta(seconds=30)  # how far ahead of our clock a sender's may run

ZENDESK_SIGNATURE = "X-Zendesk-Webhook-Signature"
ZENDESK_TIMESTAMP = "X-Zendesk-Webhook-Signature-Timestamp"
CHATWOOT_SIGNATURE = "X-Chatwoot-Signature"
CHATWOOT_TIMESTAMP = "X-Chatwoot-Timestamp"
_CHATWOOT_PREFIX = "sha256="


def sign_zendesk(body: bytes, *, secret: str, timestamp: str) -> str:
    digest = hmac.new(secret.encode(), timestamp.encode() + body, hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def sign_chatwoot(body: bytes, *, secret: str, timestamp: str) -> str:
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return _CHATWOOT_PREFIX + digest


def verify_zendesk(headers: Mapping[str, str], body: bytes, *, secret: str, now: datetime) -> datetime:
    """The signature's time when the delivery is genuine and fresh; else `WebhookRefused`."""
    signature, timestamp = _required(headers, "Zendesk", ZENDESK_SIGNATURE, ZENDESK_TIMESTAMP)
    _check_signature("Zendesk", signature, sign_zendesk(body, secret=secret, timestamp=timestamp))
    signed_at = _iso_timestamp(timestamp)
    _check_fresh("Zendesk", signed_at, now)
    return signed_at


def verify_chatwoot(headers: Mapping[str, str], body: bytes, *, secret: str, now: datetime) -> datetime:
    """The signature's time when the delivery is genuine and fresh; else `WebhookRefused`."""
    signature, timestamp = _required(headers, "Chatwoot", CHATWOOT_SIGNATURE, CHATWOOT_TIMESTAMP)
    _check_signature("Chatwoot", signature, sign_chatwoot(body, secret=secret, timestamp=timestamp))
    signed_at = _unix_timestamp(timestamp)
    _check_fresh("Chatwoot", signed_at, now)
    return signed_at


def _required(headers: Mapping[str, str], helpdesk: str, *names: str) -> tuple[str, ...]:
    # HTTP header names are case-insensitive; a plain dict (tests, other frameworks) is not.
    present = {name.lower(): value for name, value in headers.items()}
    missing = [name for name in names if not present.get(name.lower(), "").strip()]
    if missing:
        raise WebhookRefused(
            f"{helpdesk} webhook refused: header {' and '.join(missing)} missing", reason="missing_header"
        )
    return tuple(present[name.lower()].strip() for name in names)


def _check_signature(helpdesk: str, received: str, expected: str) -> None:
    # Header values may hold any byte; compare_digest needs bytes for non-ASCII input.
    if not hmac.compare_digest(received.encode("utf-8", "surrogateescape"), expected.encode("ascii")):
        raise WebhookRefused(f"{helpdesk} webhook refused: the signature does not match", reason="bad_signature")


def _iso_timestamp(value: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        parsed = None
    if parsed is None or parsed.tzinfo is None:
        raise WebhookRefused(
            f"Zendesk webhook refused: {ZENDESK_TIMESTAMP} is not an ISO 8601 time with a UTC offset",
            reason="malformed_timestamp",
        )
    return parsed


def _unix_timestamp(value: str) -> datetime:
    if not value.isascii() or not value.isdigit() or len(value) > 12:
        raise WebhookRefused(
            f"Chatwoot webhook refused: {CHATWOOT_TIMESTAMP} is not a Unix time in seconds",
            reason="malformed_timestamp",
        )
    return datetime.fromtimestamp(int(value), tz=UTC)


def _check_fresh(helpdesk: str, signed_at: datetime, now: datetime) -> None:
    age = now - signed_at
    if age > MAX_AGE:
        raise WebhookRefused(
            f"{helpdesk} webhook refused: signed {int(age.total_seconds())} s ago, "
            f"at most {int(MAX_AGE.total_seconds())} s are accepted",
            reason="stale",
        )
    if -age > CLOCK_SKEW:
        raise WebhookRefused(
            f"{helpdesk} webhook refused: signed {int(-age.total_seconds())} s in the future, "
            f"at most {int(CLOCK_SKEW.total_seconds())} s of clock skew are accepted",
            reason="future",
        )
