"""/v1/webhooks/hibob/{account}: HiBob's signed events in, and the secret they are signed with."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Request, Response
from pydantic import BaseModel, Field, SecretStr

from bobhub.api.deps import AppState, SessionDep, StateDep, Writer
from bobhub.api.handlers import error_responses
from bobhub.api.webhooks import service
from bobhub.errors import Forbidden, NotFound, Unauthorized
from bobhub.sync import refetch

router = APIRouter(prefix="/webhooks/hibob", tags=["webhooks"])


class WebhookSecret(BaseModel):
    secret: SecretStr = Field(min_length=8, description="The secret shown in the webhook's settings in Bob.")


async def refetch_queue(request: Request) -> service.RefetchQueue:
    """The process's queue, made on first use and kept on the app (one per running API)."""
    queue: service.RefetchQueue | None = getattr(request.app.state, "refetch_queue", None)
    if queue is None:
        state: AppState = request.app.state.bobhub

        async def run(account_id: str, employee_ids: set[str], request_ids: set[str]) -> None:
            await refetch(
                state.database,
                state.vault,
                account_id,
                employee_ids=employee_ids,
                request_ids=request_ids,
                http_client=state.http,
            )

        queue = request.app.state.refetch_queue = service.RefetchQueue(run)
    return queue


RECEIVE_ERRORS = error_responses(Unauthorized)
# This route takes no API key: HiBob signs each event with the account's webhook secret instead.
RECEIVE_ERRORS[Unauthorized.status_code]["description"] = (
    "`Unauthorized`: Bob-Signature is missing or wrong, the account has no webhook secret yet, or there "
    "is no such account (one answer for all three; the server log tells them apart)"
)


@router.post("/{account_id}", responses=RECEIVE_ERRORS)
async def receive(
    account_id: str,
    request: Request,
    session: SessionDep,
    state: StateDep,
    queue: Annotated[service.RefetchQueue, Depends(refetch_queue)],
    bob_signature: Annotated[str | None, Header(alias="Bob-Signature")] = None,
) -> dict[str, str]:
    """Accept a HiBob v2 event signed with the account's secret; the refetch runs after the answer."""
    event = await service.verify(session, state.vault, account_id, await request.body(), bob_signature)
    queue.add(account_id, event)
    return {"status": "accepted"}


@router.put("/{account_id}/secret", status_code=204, responses=error_responses(Forbidden, NotFound))
async def set_secret(
    account_id: str, body: WebhookSecret, caller: Writer, session: SessionDep, state: StateDep
) -> Response:
    """Store the webhook secret (encrypted) that HiBob signs this account's events with."""
    await service.set_secret(
        session, state.vault, account_id, caller.tenant_id, body.secret.get_secret_value()
    )
    return Response(status_code=204)
