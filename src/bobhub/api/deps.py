"""Request dependencies: the per-request database session, the caller's tenant, and scope checks.

The session dependency is the request boundary of STYLE.md habit 10: it commits when the route
returned, rolls back when it raised, and does so before the response is sent, so a client that gets a
201 can read the row at once. Services below it never commit.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Coroutine
from dataclasses import dataclass, field
from typing import Annotated, Any

import httpx
from fastapi import Depends, Header, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.ext.asyncio import AsyncSession

from bobhub import errors
from bobhub.api.accounts.repository import AccountRepository
from bobhub.api.keys.service import Principal, authenticate
from bobhub.hibob import InMemoryBudget
from bobhub.settings import Settings
from bobhub.store import Account, Database, Vault


@dataclass(frozen=True, slots=True)
class AppState:
    """What the lifespan opens once per process and every request shares."""

    settings: Settings
    database: Database
    vault: Vault
    http: httpx.AsyncClient  # one connection pool for every HiBob call the API makes
    budgets: dict[str, InMemoryBudget] = field(default_factory=dict)

    def budget_for(self, account_id: str) -> InMemoryBudget:
        """The one rate budget every HiBob call this process makes for the account shares."""
        return self.budgets.setdefault(account_id, InMemoryBudget())


async def app_state(request: Request) -> AppState:  # async: no worker thread for a lookup
    state: AppState = request.app.state.bobhub
    return state


StateDep = Annotated[AppState, Depends(app_state)]


async def db_session(state: StateDep) -> AsyncIterator[AsyncSession]:
    async with state.database.session() as session:
        try:
            yield session
        except BaseException:
            await session.rollback()
            raise
        await session.commit()


# scope="function": commit before the response leaves, not after it was sent.
SessionDep = Annotated[AsyncSession, Depends(db_session, scope="function")]

# auto_error=False: a missing or non-Bearer header reaches `authenticate`, which raises the API's own
# Unauthorized, so even this 401 has the one error shape.
bearer = HTTPBearer(auto_error=False, description="A bobhub API key (`bobhub api-key create`).")


async def principal(
    session: SessionDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Principal:
    return await authenticate(session, credentials.credentials if credentials else None)


PrincipalDep = Annotated[Principal, Depends(principal)]

# A broader scope includes the narrower ones: an admin key may write, a write key may read.
GRANTED_BY: dict[str, frozenset[str]] = {
    "read": frozenset({"read", "write", "admin"}),
    "write": frozenset({"write", "admin"}),
    "admin": frozenset({"admin"}),
}


def require_scope(scope: str) -> Callable[[Principal], Coroutine[Any, Any, Principal]]:
    """A dependency giving the caller's Principal, or Forbidden when its key lacks `scope`."""

    async def check(caller: PrincipalDep) -> Principal:
        if not caller.scopes & GRANTED_BY[scope]:
            raise errors.Forbidden(f"this API key lacks the {scope!r} scope")
        return caller

    return check


Reader = Annotated[Principal, Depends(require_scope("read"))]
Writer = Annotated[Principal, Depends(require_scope("write"))]
Admin = Annotated[Principal, Depends(require_scope("admin"))]


async def current_account(
    caller: PrincipalDep,
    session: SessionDep,
    account_id: Annotated[
        str | None,
        Header(
            alias="X-Account-Id",
            description="The linked account to act on; may be left out when the tenant has only one.",
        ),
    ] = None,
) -> Account:
    """The caller's account named by X-Account-Id (404 for another tenant's); the only one when unnamed."""
    accounts = AccountRepository(session, caller.tenant_id)
    if account_id is not None:
        found = await accounts.get(account_id)
        if found is None:
            raise errors.NotFound(f"no account {account_id!r}")
        return found
    linked = await accounts.list()
    if len(linked) != 1:
        raise errors.BadRequest(
            "send X-Account-Id: this tenant has no linked account"
            if not linked
            else f"send X-Account-Id: this tenant has {len(linked)} linked accounts"
        )
    return linked[0]


AccountDep = Annotated[Account, Depends(current_account)]
