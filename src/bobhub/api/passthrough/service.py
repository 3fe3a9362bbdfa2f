"""Raw HiBob calls with the account's credentials and rate budget, confined to HiBob's /v1 API.

The path is checked before anything is sent: no `.`/`..` or empty segments, no scheme or other host,
each segment quoted, so a call can only reach `<account base URL>/v1/<path>`. HiBob's answer comes back
as it is (status, JSON or text); 429 and, for reads, 5xx are retried by the client's transport first.
Every answer that came from HiBob carries `Bobhub-Source: hibob`, so that a caller can tell HiBob's 401
or 404 (the account's credentials refused, HiBob's resource missing) from the API's own.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from bobhub.api.deps import AppState
from bobhub.errors import BadRequest, UpstreamError
from bobhub.hibob import APIError, HiBobError
from bobhub.hibob.auth import ServiceUserAuth
from bobhub.hibob.transport import Call, Transport
from bobhub.store import Account

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
# HiBob's own answers pass through; only 429 (retried first) and 5xx (retried for reads) raise.
PASSED = frozenset(range(300, 500)) - {429}
KEPT_HEADERS = ("content-type", "x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset")
SOURCE = {"bobhub-source": "hibob"}
SAFE = "@:,=+"  # left as they are in a segment (HiBob takes emails as employee identifiers)


@dataclass(frozen=True, slots=True)
class Answer:
    """HiBob's status, body and the headers worth passing on."""

    status_code: int
    content: bytes
    headers: dict[str, str]


def confined(path: str) -> str:
    """`path` as a quoted path under /v1 (without the /v1); BadRequest for anything that could leave it."""
    if not path or "://" in path or path.startswith("/") or "\\" in path:
        raise BadRequest("path: a path under HiBob's /v1, such as people/search, is expected")
    if any(ord(c) < 32 or ord(c) == 127 for c in path):
        raise BadRequest("path: control characters are not allowed")
    segments = path.split("/")
    if any(segment in ("", ".", "..") for segment in segments):
        raise BadRequest("path: empty, '.' and '..' segments are not allowed")
    return "/" + "/".join(quote(segment, safe=SAFE) for segment in segments)


def query_of(items: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Query parameters as HiBob reads lists: a repeated key becomes one comma-separated value."""
    found: dict[str, list[str]] = {}
    for key, value in items:
        found.setdefault(key, []).append(value)
    return {key: ",".join(values) for key, values in found.items()}


def json_body(raw: bytes) -> Any:
    if not raw.strip():
        return None
    try:
        return json.loads(raw)
    except ValueError:
        raise BadRequest("the request body is not valid JSON") from None


async def forward(
    state: AppState, account: Account, method: str, path: str, query: dict[str, str], body: Any
) -> Answer:
    """One call to `<base URL>/v1<path>` as the account's service user, within its rate budget."""
    token = state.vault.decrypt(account.token_ciphertext)
    transport = Transport(
        ServiceUserAuth(account.service_user_id, token),
        base_url=account.base_url,
        http_client=state.http,
        budget=state.budget_for(account.id),
    )
    call = Call(method, path, params=query or None, json=body, expect="bytes", ok=PASSED)
    try:
        reply = await transport.request(call)
    except APIError as exc:  # 429 or 5xx still answered after the retries
        return Answer(exc.status_code, exc.body.encode(), {"content-type": "application/json", **SOURCE})
    except HiBobError as exc:
        raise UpstreamError(f"HiBob did not answer usably: {exc}") from exc
    finally:
        await transport.aclose()
    headers = {k: reply.headers[k] for k in KEPT_HEADERS if k in reply.headers} | SOURCE
    content = b"" if reply.status_code in (204, 304) else reply.content
    return Answer(reply.status_code, content, headers)
