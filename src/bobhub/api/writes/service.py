"""Write-back through the API: one write (or dry run) with the account's client, its audit row, the store.

Every attempt is audited, dry runs, refusals and failures included. The audit row is committed on its
own before the store is touched (see bobhub.api.audit.service), then the read-back is upserted in the
request's unit of work, which commits when the route returns.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any, NoReturn

from sqlalchemy.ext.asyncio import AsyncSession

from bobhub import errors, writeback
from bobhub.api.audit import service as audit
from bobhub.api.deps import AppState
from bobhub.api.keys.service import Principal
from bobhub.api.writes import repository
from bobhub.api.writes.schemas import WriteResult
from bobhub.hibob import HiBobClient, HiBobError
from bobhub.hibob import errors as hibob_errors
from bobhub.store import Account
from bobhub.store.models import Record
from bobhub.store.records import envelope

Build = Callable[[HiBobClient], Awaitable[writeback.Write]]


@dataclass(frozen=True, slots=True)
class Caller:
    """Who writes, to which account, through which process state and unit of work."""

    state: AppState
    session: AsyncSession
    principal: Principal
    account: Account


@asynccontextmanager
async def hibob_client(state: AppState, account: Account) -> AsyncIterator[HiBobClient]:
    """The account's client on the process's connection pool and the account's shared rate budget."""
    token = state.vault.decrypt(account.token_ciphertext)
    async with HiBobClient(
        account.service_user_id,
        token,
        base_url=account.base_url,
        http_client=state.http,
        budget=state.budget_for(account.id),
    ) as client:
        yield client


async def run(caller: Caller, action: str, target: str, build: Build, *, dry_run: bool) -> WriteResult:
    """Build the write (reads only), then dry-run it or send it and read it back; audit either way."""
    async with hibob_client(caller.state, caller.account) as client:
        try:
            write = await build(client)
            target = write.target
            if dry_run:
                outcome = await writeback.dry_run(write, client)
            else:
                verify = caller.state.settings.writeback_verify_seconds
                outcome = await writeback.execute(write, client, verify_seconds=verify)
        except (errors.AppError, HiBobError, writeback.WriteFailed) as exc:
            await refuse(caller, action, target, exc)
    target = write.target  # ids HiBob assigned (a new employee, request or document) are known now
    detail = {"unconfirmed_fields": outcome.unconfirmed_fields, "notes": outcome.notes}
    audit_id = await audit.record(
        caller.state.database,
        caller.principal,
        account_id=caller.account.id,
        action=action,
        target=target,
        requests=outcome.requests,
        result=outcome.status,
        detail=detail,
    )
    return WriteResult(
        status=outcome.status,
        requests=outcome.requests,
        unconfirmed_fields=outcome.unconfirmed_fields,
        result=await store_outcome(caller, outcome),
        audit_id=audit_id,
    )


async def store_outcome(caller: Caller, outcome: writeback.Outcome) -> dict[str, Any] | None:
    """Upsert what read-back saw; the written object as the read routes show it."""
    if outcome.status == "dry_run":
        return None
    await writeback.save(caller.session, caller.account.id, outcome.records)
    if outcome.result is None:
        return None
    if outcome.result not in outcome.records:  # read back but not ours to store (a dated balance)
        return {"remote_id": outcome.result.remote_id, **outcome.result.content()}
    record = await writeback.stored(caller.session, caller.account.id, outcome.result)
    return envelope(record) if record is not None else None


async def refuse(caller: Caller, action: str, target: str, exc: Exception) -> NoReturn:
    """Audit a write that did not happen (or only partly) and raise the API's error for it."""
    sent = exc.requests if isinstance(exc, writeback.WriteFailed) else []
    cause = exc.cause if isinstance(exc, writeback.WriteFailed) else exc
    error, result = api_error(cause, len(sent))
    detail: dict[str, Any] = {"error": error.message, "status_code": getattr(cause, "status_code", None)}
    if isinstance(cause, hibob_errors.PermissionDenied):
        detail["permission"] = cause.permission
    await audit.record(
        caller.state.database,
        caller.principal,
        account_id=caller.account.id,
        action=action,
        target=target,
        requests=sent or None,
        result=result,
        detail=detail,
    )
    raise error from exc


def api_error(cause: Exception, sent: int) -> tuple[errors.AppError, str]:
    """The API error for why a write failed, and the audit result ("forbidden" or "failed")."""
    if isinstance(cause, errors.AppError):
        return cause, "failed"
    before = (
        f"HiBob applied {sent - 1} of the {sent} requests sent before this one failed. " if sent > 1 else ""
    )
    if isinstance(cause, hibob_errors.PermissionDenied):
        needs = cause.permission or cause.error or "a permission its group lacks"
        return errors.Forbidden(f"{before}HiBob refused: the service user needs {needs!r}"), "forbidden"
    if isinstance(cause, hibob_errors.AuthenticationError):
        message = f"{before}HiBob refused the account's stored token; link the account again"
        return errors.InvalidCredentials(message), "failed"
    if isinstance(cause, hibob_errors.NotFound):
        return errors.NotFound(f"{before}HiBob found no such record: {cause.error or cause}"), "failed"
    if isinstance(cause, hibob_errors.InvalidRequest):
        return errors.BadRequest(f"{before}HiBob refused the request: {cause.error or cause}"), "failed"
    return errors.UpstreamError(f"{before}{cause}"), "failed"


async def employee_id(caller: Caller, ident: str) -> str:
    """HiBob's id of the account's synced employee `ident` (ours or HiBob's); 404 otherwise."""
    found = await repository.find_record(caller.session, caller.account.id, "employees", ident)
    if found is None:
        raise errors.NotFound(f"no employee {ident!r} in account {caller.account.id}")
    return found.remote_id


async def manager(caller: Caller, ident: str | None) -> str | None:
    if ident is None:
        return None
    found = await repository.find_record(caller.session, caller.account.id, "employees", ident)
    if found is None:
        raise errors.BadRequest(f"manager_remote_id: no employee {ident!r} in account {caller.account.id}")
    return found.remote_id


async def time_off_request(caller: Caller, ident: str) -> Record:
    found = await repository.find_record(caller.session, caller.account.id, "time_off_requests", ident)
    if found is None or not found.data.get("employee_remote_id"):
        raise errors.NotFound(f"no time-off request {ident!r} in account {caller.account.id}")
    return found


async def check_policy_type(caller: Caller, policy_type: str) -> None:
    """400 for a policy type the last sync did not see (no check before the first sync)."""
    known = await repository.policy_types(caller.session, caller.account.id)
    if known and policy_type not in known:
        raise errors.BadRequest(f"policy_type: {policy_type!r} is not one of {', '.join(sorted(known))}")
