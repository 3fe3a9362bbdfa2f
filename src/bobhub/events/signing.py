"""Signing outgoing events, and checking a signature on the receiving side.

Every delivery carries `Bobhub-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`.
Signing the timestamp with the body lets a receiver refuse a replayed request as too old.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time

SECRET_PREFIX = "whsec_"
DEFAULT_TOLERANCE = 300


def generate_secret() -> str:
    return SECRET_PREFIX + secrets.token_urlsafe(32)


def _digest(secret: str, timestamp: int, body: bytes) -> str:
    message = str(timestamp).encode() + b"." + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def sign(secret: str, body: bytes, timestamp: int | None = None) -> str:
    """The `Bobhub-Signature` header value for `body` sent at `timestamp` (now when omitted)."""
    when = int(time.time()) if timestamp is None else timestamp
    return f"t={when},v1={_digest(secret, when, body)}"


def verify_signature(
    secret: str,
    header: str | None,
    body: bytes | str,
    tolerance: float = DEFAULT_TOLERANCE,
    *,
    now: float | None = None,
) -> bool:
    """Whether `header` signs exactly this raw `body` with `secret`, no more than `tolerance` s ago.

    For receivers: pass the request's raw body, before any JSON parsing, and the secret shown when the
    subscription was created. Any `v1=` entry may match, so a header can carry several signatures.

        from bobhub.events import verify_signature

        if not verify_signature(secret, request.headers.get("Bobhub-Signature"), await request.body()):
            return Response(status_code=400)
    """
    if not header:
        return False
    raw = body.encode() if isinstance(body, str) else body
    parts = [item.strip().partition("=") for item in header.split(",")]
    stamps = [value for key, _, value in parts if key == "t"]
    signatures = [value for key, _, value in parts if key == "v1"]
    if len(stamps) != 1 or not stamps[0].isdigit() or not signatures:
        return False
    timestamp = int(stamps[0])
    if abs((time.time() if now is None else now) - timestamp) > tolerance:
        return False
    expected = _digest(secret, timestamp, raw)
    return any(hmac.compare_digest(expected, candidate) for candidate in signatures)
