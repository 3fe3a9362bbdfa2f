"""The only place that talks HTTP to HiBob: auth, timeouts, the rate budget, retries and error mapping.

Retry rules (hibob-api-notes.md §2-3): 429, 5xx, connection errors, timeouts and 2xx bodies that are
not the promised JSON (HiBob answers some malformed requests with its HTML login page) are retried
with jittered exponential backoff, waiting at least what `Retry-After` or `X-RateLimit-Reset` asks,
within a total deadline. 401 and 403 are never retried: HiBob's WAF blocks credentials after 50 of
them in 10 s. A write is retried only when it provably did not happen: the connection was never made,
or HiBob answered 429 (its rate limiter refuses a request before handling it).
"""

from __future__ import annotations

import email.utils
import json
import random
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import quote

import httpx
import stamina
import structlog

from bobhub.hibob import errors
from bobhub.hibob.auth import ServiceUserAuth
from bobhub.hibob.budget import UNLIMITED_CONCURRENCY, InMemoryBudget, RateBudget, is_read, limit_for
from bobhub.hibob.permissions_needed import permission_for

Expect = Literal["json", "bytes", "text"]
DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0, pool=120.0)
USER_AGENT = "bobhub-hibob-client"


@dataclass(frozen=True, slots=True)
class Call:
    """One HiBob request: `template` is the path under /v1 with `{name}` placeholders filled from `path`."""

    method: str
    template: str
    path: Mapping[str, Any] = field(default_factory=dict)
    params: Mapping[str, Any] | None = None
    json: Any = None
    files: Mapping[str, tuple[str, bytes, str]] | None = None
    expect: Expect = "json"
    ok: frozenset[int] = frozenset()  # extra statuses that are answers, not errors (204, 304)

    @property
    def endpoint(self) -> str:
        return f"{self.method} {self.template}"

    @property
    def url_path(self) -> str:
        return "/v1" + self.template.format(**{k: quote(str(v), safe="@") for k, v in self.path.items()})

    def query(self) -> dict[str, str] | None:
        if not self.params:
            return None
        return {k: _query_value(v) for k, v in self.params.items() if v is not None}


def _query_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"  # HiBob wants the strings, not Python's True
    if isinstance(value, list | tuple | set | frozenset):
        return ",".join(str(v) for v in value)
    return str(value)


@dataclass(frozen=True, slots=True)
class Reply:
    """HiBob's answer: status, headers, raw content and (for JSON calls) the decoded body."""

    status_code: int
    headers: Mapping[str, str]
    content: bytes
    data: Any = None

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", errors="replace")


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How hard the transport tries: attempts per call, backoff bounds and the total deadline (seconds)."""

    attempts: int = 5
    wait_initial: float = 0.5
    wait_max: float = 30.0
    wait_jitter: float = 0.5
    deadline: float = 120.0


class Transport:
    """Sends `Call`s for one service user through its rate budget; raises `bobhub.hibob.errors`."""

    def __init__(
        self,
        auth: ServiceUserAuth,
        *,
        base_url: str,
        http_client: httpx.AsyncClient | None = None,
        budget: RateBudget | None = None,
        timeout: httpx.Timeout | float = DEFAULT_TIMEOUT,
        retry: RetryPolicy | None = None,
    ) -> None:
        self._auth = auth
        self._base_url = base_url.rstrip("/")
        self._owns_client = http_client is None
        self._http = http_client or httpx.AsyncClient(
            timeout=timeout, limits=httpx.Limits(max_connections=100, max_keepalive_connections=50)
        )
        self.budget = budget or InMemoryBudget()
        self.retry = retry or RetryPolicy()
        self._log = structlog.get_logger("bobhub.hibob")

    def __repr__(self) -> str:
        return f"Transport(base_url={self._base_url!r}, auth={self._auth!r})"

    async def aclose(self) -> None:
        if self._owns_client:
            await self._http.aclose()

    async def request(self, call: Call) -> Reply:
        """Send `call`, retrying what may be retried, and return HiBob's answer or raise its error."""
        decide = _RetryDecision(call, self.retry, self._log)
        async for attempt in stamina.retry_context(
            on=decide, attempts=self.retry.attempts, timeout=None, wait_max=self.retry.wait_max
        ):
            with attempt:
                return await self._attempt(call, decide)
        raise AssertionError("stamina ends with a result or an exception")  # pragma: no cover

    async def _attempt(self, call: Call, decide: _RetryDecision) -> Reply:
        limit = limit_for(call.method, call.template)
        response = await self._metered(call, limit, decide)
        return self._read(call, response, _window_spent(response))

    async def _metered(self, call: Call, limit: int | None, decide: _RetryDecision) -> httpx.Response:
        """Send within the budget: take a slot, and give it back for as long as HiBob counts the call.

        Unlimited endpoints only take a concurrency slot, returned as soon as the answer arrives.
        """
        key = f"{self._auth.service_user_id} {call.endpoint}"
        await self.budget.acquire(key, limit or UNLIMITED_CONCURRENCY)
        decide.started()
        hold: float | None = None  # a call that may have reached HiBob keeps its slot for a window
        try:
            response = await self._send(call)
            hold = _slot_hold(response, self.budget.window)
        except errors.TransportError as exc:
            hold = None if exc.sent else 0.0
            raise
        finally:
            await self.budget.release(key, hold if limit is not None else 0.0)
        if limit is None:
            return response
        announced = _int_header(response.headers, "x-ratelimit-limit")
        if announced is not None:
            await self.budget.observe_limit(key, announced)
        spent = _window_spent(response)
        if spent is not None:
            await self.budget.pause(key, min(spent, self.budget.window))
        return response

    async def _send(self, call: Call) -> httpx.Response:
        try:
            return await self._http.request(
                call.method,
                self._base_url + call.url_path,
                params=call.query(),
                json=call.json if call.files is None else None,
                data=call.json if call.files is not None else None,
                files=call.files,
                auth=self._auth,
                headers={"Accept": "application/json", "User-Agent": USER_AGENT},
                follow_redirects=False,
            )
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
            raise errors.TransportError(
                f"{call.endpoint}: could not reach HiBob ({exc!r})", sent=False
            ) from exc
        except httpx.TimeoutException as exc:
            raise errors.TransportError(f"{call.endpoint}: HiBob did not answer in time ({exc!r})") from exc
        except httpx.TransportError as exc:
            raise errors.TransportError(f"{call.endpoint}: the connection failed ({exc!r})") from exc

    def _read(self, call: Call, response: httpx.Response, retry_after: float | None) -> Reply:
        status = response.status_code
        if 200 <= status < 300 or status in call.ok:
            return Reply(status, response.headers, response.content, _decode(call, response))
        if 300 <= status < 400:
            raise errors.UnexpectedResponse(
                f"{call.endpoint}: HiBob redirected ({status}) instead of answering", status_code=status
            )
        permission = permission_for(call.method, call.template, call.path, call.json)
        raise errors.from_response(
            response, endpoint=call.endpoint, permission=permission, retry_after=retry_after
        )


def _decode(call: Call, response: httpx.Response) -> Any:
    """The JSON body of a JSON call; a login page or a cut body is `UnexpectedResponse` (retried)."""
    ctype = response.headers.get("content-type", "")
    if "text/html" in ctype:  # no HiBob API endpoint answers HTML
        raise errors.UnexpectedResponse(
            f"{call.endpoint}: HiBob answered an HTML page (its login page) instead of data",
            status_code=response.status_code,
            body=response.text,
        )
    if call.expect != "json" or not response.content or response.status_code in (204, 304):
        return None
    try:
        return json.loads(response.content)
    except ValueError as exc:
        raise errors.UnexpectedResponse(
            f"{call.endpoint}: HiBob's answer is not valid JSON ({len(response.content)} bytes)",
            status_code=response.status_code,
            body=response.text,
        ) from exc


def _window_spent(response: httpx.Response) -> float | None:
    """Seconds until HiBob's window resets, when the answer says it is spent (a 429, or 0 remaining)."""
    headers = response.headers
    spent = response.status_code == 429 or headers.get("x-ratelimit-remaining") == "0"
    if not spent:
        return None
    waits = [w for w in (_retry_after(headers.get("retry-after")), _reset_in(headers)) if w is not None]
    return max(waits) if waits else None


def _slot_hold(response: httpx.Response, window: float) -> float | None:
    """How long the call's slot stays spent: until HiBob's window resets, plus a margin for clock skew."""
    reset = _reset_in(response.headers)
    return None if reset is None else reset + min(1.0, 0.02 * window)


def _int_header(headers: httpx.Headers, name: str) -> int | None:
    value = headers.get(name, "")
    return int(value) if value.isdigit() else None


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        parsed = email.utils.parsedate_to_datetime(value) if value else None
        return max(0.0, parsed.timestamp() - time.time()) if parsed else None


def _reset_in(headers: httpx.Headers) -> float | None:
    try:
        return max(0.0, float(headers.get("x-ratelimit-reset", "")) - time.time())
    except ValueError:
        return None


class _RetryDecision:
    """stamina's backoff hook for one call: retry or not, and how long to wait, within the deadline."""

    def __init__(self, call: Call, policy: RetryPolicy, log: Any) -> None:
        self.call = call
        self.policy = policy
        self.log = log
        self.failures = 0
        self.first_sent: float | None = None

    def started(self) -> None:
        if self.first_sent is None:
            self.first_sent = time.monotonic()

    def __call__(self, exc: Exception) -> bool | float:
        if not self.retryable(exc):
            return False
        self.failures += 1
        if self.failures >= self.policy.attempts:
            return False
        wait = self.backoff(exc)
        elapsed = time.monotonic() - (self.first_sent or time.monotonic())
        if elapsed + wait > self.policy.deadline:
            return False
        self.log.info(
            "hibob.retry",
            endpoint=self.call.endpoint,
            error=type(exc).__name__,
            status=getattr(exc, "status_code", None),
            attempt=self.failures,
            wait=round(wait, 2),
        )
        return wait

    def retryable(self, exc: Exception) -> bool:
        read = is_read(self.call.method, self.call.template)
        if isinstance(exc, errors.TransportError):
            return read or not exc.sent
        if isinstance(exc, errors.RateLimited):
            return True
        return read and isinstance(exc, errors.ServerError | errors.UnexpectedResponse)

    def backoff(self, exc: Exception) -> float:
        p = self.policy
        exponential = min(p.wait_max, p.wait_initial * 2.0 ** (self.failures - 1))
        hint = float(getattr(exc, "retry_after", None) or 0.0)
        if hint > 0:
            # Spread the callers HiBob sent away at once, always after the time it asked for.
            return hint + random.uniform(0, min(1.0, 0.1 * hint))
        return exponential + random.uniform(0, p.wait_jitter)
