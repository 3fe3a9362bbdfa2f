"""HiBob service-user credentials as an httpx auth flow that never shows the token."""

from __future__ import annotations

import base64
from collections.abc import Generator
from typing import Any

import httpx


class ServiceUserAuth(httpx.Auth):
    """HTTP Basic auth with a service user id and token; repr, str and pickling keep the token out."""

    def __init__(self, service_user_id: str, token: str) -> None:
        if not service_user_id or not token:
            raise ValueError("a HiBob service user needs both an id and a token")
        self.service_user_id = service_user_id
        raw = f"{service_user_id}:{token}".encode()
        self._header = "Basic " + base64.b64encode(raw).decode("ascii")

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = self._header
        yield request

    def __repr__(self) -> str:
        return f"ServiceUserAuth(service_user_id={self.service_user_id!r})"

    __str__ = __repr__

    def __reduce__(self) -> tuple[Any, ...]:
        raise TypeError("HiBob credentials cannot be pickled")
