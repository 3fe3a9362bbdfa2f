"""/v1/accounts: link a HiBob service user, list and read accounts, their permission report, unlink."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from bobhub.api.accounts import service
from bobhub.api.accounts.schemas import AccountCreate, AccountLinked, AccountPublic, AccountsPublic
from bobhub.api.deps import Reader, SessionDep, StateDep, Writer
from bobhub.api.handlers import error_responses
from bobhub.errors import Conflict, Forbidden, InvalidCredentials, NotFound, UpstreamError
from bobhub.permissions import DoctorReport
from bobhub.store.models import Account

router = APIRouter(prefix="/accounts", tags=["accounts"])


def public(account: Account) -> AccountPublic:
    return AccountPublic.model_validate(service.account_public(account))


def report_of(account: Account) -> DoctorReport:
    # Every stored account has a report: linking refuses to store one without it.
    return DoctorReport.model_validate(account.report)


@router.post(
    "",
    status_code=201,
    responses=error_responses(Forbidden, Conflict, InvalidCredentials, UpstreamError),
)
async def link_account(
    body: AccountCreate, caller: Writer, session: SessionDep, state: StateDep
) -> AccountLinked:
    """Link a HiBob service user: check the credentials, run the permission doctor, store the token
    encrypted. A refused token is a 422 and stores nothing."""
    account = await service.link_account(
        session,
        state.vault,
        caller,
        name=body.name,
        service_user_id=body.service_user_id,
        token=body.token.get_secret_value(),
        base_url=body.base_url or state.settings.hibob_base_url,
        http_client=state.http,
    )
    return AccountLinked(**service.account_public(account), permissions=report_of(account))


@router.get("", responses=error_responses(Forbidden))
async def list_accounts(caller: Reader, session: SessionDep) -> AccountsPublic:
    """The tenant's linked accounts with their status."""
    accounts = await service.list_accounts(session, caller)
    return AccountsPublic(results=[public(account) for account in accounts])


@router.get("/{account_id}", responses=error_responses(Forbidden, NotFound))
async def get_account(account_id: str, caller: Reader, session: SessionDep) -> AccountPublic:
    """One of the tenant's accounts."""
    return public(await service.get_account(session, caller, account_id))


@router.get("/{account_id}/permissions", responses=error_responses(Forbidden, NotFound, UpstreamError))
async def get_permissions(
    account_id: str,
    caller: Reader,
    session: SessionDep,
    state: StateDep,
    refresh: Annotated[bool, Query(description="Run the permission doctor again first.")] = False,
) -> DoctorReport:
    """The permission doctor's report: each permission granted, missing or not checkable, in HiBob's
    wording, with the fields it unlocks, the audience and the visible fields."""
    if refresh:
        account = await service.refresh_permissions(
            session, state.vault, caller, account_id, http_client=state.http
        )
    else:
        account = await service.get_account(session, caller, account_id)
    return report_of(account)


@router.delete(
    "/{account_id}", status_code=204, response_class=Response, responses=error_responses(Forbidden, NotFound)
)
async def delete_account(account_id: str, caller: Writer, session: SessionDep) -> None:
    """Unlink the account and forget its token and report."""
    await service.delete_account(session, caller, account_id)
