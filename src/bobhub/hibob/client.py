"""`HiBobClient`: the facade over one HiBob service user, with a resource per API family.

async with HiBobClient(service_user_id, token) as bob:
    people = await bob.people.search(fields="all", show_inactive=True)
"""

from __future__ import annotations

from types import TracebackType

import httpx

from bobhub.hibob.auth import ServiceUserAuth
from bobhub.hibob.budget import RateBudget
from bobhub.hibob.resources.avatars import AvatarsResource
from bobhub.hibob.resources.documents import DocumentsResource
from bobhub.hibob.resources.metadata import MetadataResource
from bobhub.hibob.resources.people import PeopleResource
from bobhub.hibob.resources.reports import ReportsResource
from bobhub.hibob.resources.tables import TablesResource
from bobhub.hibob.resources.tasks import TasksResource
from bobhub.hibob.resources.time_off import TimeOffResource
from bobhub.hibob.transport import DEFAULT_TIMEOUT, RetryPolicy, Transport

DEFAULT_BASE_URL = "https://api.hibob.com"


class HiBobClient:
    """An async client for one service user; the token stays out of reprs, logs and errors.

    `base_url` is HiBob's host without `/v1`. Pass one `budget` to every client of the process so that
    all callers of a service user share HiBob's rate limits; `http_client` plugs in a configured
    `httpx.AsyncClient` (the client then leaves closing it to you).
    """

    def __init__(
        self,
        service_user_id: str,
        token: str,
        *,
        base_url: str = DEFAULT_BASE_URL,
        http_client: httpx.AsyncClient | None = None,
        budget: RateBudget | None = None,
        timeout: httpx.Timeout | float = DEFAULT_TIMEOUT,
        retry: RetryPolicy | None = None,
    ) -> None:
        base = base_url.rstrip("/")
        if base.endswith("/v1"):
            raise ValueError(f"base_url is HiBob's host without /v1, e.g. {DEFAULT_BASE_URL}")
        self.service_user_id = service_user_id
        self.base_url = base
        self._transport = Transport(
            ServiceUserAuth(service_user_id, token),
            base_url=base,
            http_client=http_client,
            budget=budget,
            timeout=timeout,
            retry=retry,
        )
        self.people = PeopleResource(self._transport)
        self.metadata = MetadataResource(self._transport)
        self.tables = TablesResource(self._transport)
        self.time_off = TimeOffResource(self._transport)
        self.documents = DocumentsResource(self._transport)
        self.reports = ReportsResource(self._transport)
        self.tasks = TasksResource(self._transport)
        self.avatars = AvatarsResource(self._transport)

    @property
    def budget(self) -> RateBudget:
        return self._transport.budget

    def __repr__(self) -> str:
        return f"HiBobClient(service_user_id={self.service_user_id!r}, base_url={self.base_url!r})"

    async def aclose(self) -> None:
        await self._transport.aclose()

    async def __aenter__(self) -> HiBobClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()
