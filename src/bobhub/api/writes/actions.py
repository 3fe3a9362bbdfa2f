"""One function per write route: resolve our ids to HiBob's, build the write, run it through `service.run`."""

from __future__ import annotations

from bobhub import writeback
from bobhub.api.writes import service
from bobhub.api.writes.schemas import WriteResult
from bobhub.api.writes.service import Caller
from bobhub.hibob import HiBobClient


async def create_employee(caller: Caller, data: writeback.EmployeeCreate, *, dry_run: bool) -> WriteResult:
    async def build(client: HiBobClient) -> writeback.Write:
        checked = data.model_copy(
            update={"manager_remote_id": await service.manager(caller, data.manager_remote_id)}
        )
        return writeback.CreateEmployee(await writeback.Metadata.load(client), checked)

    return await service.run(caller, writeback.CreateEmployee.action, "employees/new", build, dry_run=dry_run)


async def update_employee(
    caller: Caller, ident: str, data: writeback.EmployeeUpdate, *, dry_run: bool
) -> WriteResult:
    async def build(client: HiBobClient) -> writeback.Write:
        remote = await service.employee_id(caller, ident)
        if data.manager_remote_id is not None:
            data_ = data.model_copy(
                update={"manager_remote_id": await service.manager(caller, data.manager_remote_id)}
            )
        else:
            data_ = data
        return writeback.UpdateEmployee(await writeback.Metadata.load(client), remote, data_)

    action = writeback.UpdateEmployee.action
    return await service.run(caller, action, f"employees/{ident}", build, dry_run=dry_run)


async def terminate_employee(
    caller: Caller, ident: str, data: writeback.Termination, *, dry_run: bool
) -> WriteResult:
    async def build(client: HiBobClient) -> writeback.Write:
        remote = await service.employee_id(caller, ident)
        return writeback.TerminateEmployee(await writeback.Metadata.load(client), remote, data)

    action = writeback.TerminateEmployee.action
    return await service.run(caller, action, f"employees/{ident}", build, dry_run=dry_run)


async def create_time_off_request(
    caller: Caller, data: writeback.TimeOffRequestCreate, *, dry_run: bool
) -> WriteResult:
    async def build(_: HiBobClient) -> writeback.Write:
        remote = await service.employee_id(caller, data.employee_id)
        await service.check_policy_type(caller, data.policy_type)
        return writeback.CreateTimeOffRequest(remote, data)

    action = writeback.CreateTimeOffRequest.action
    return await service.run(caller, action, "time_off_requests/new", build, dry_run=dry_run)


async def cancel_time_off_request(caller: Caller, ident: str, *, dry_run: bool) -> WriteResult:
    async def build(_: HiBobClient) -> writeback.Write:
        found = await service.time_off_request(caller, ident)
        return writeback.CancelTimeOffRequest(str(found.data["employee_remote_id"]), found.remote_id)

    action = writeback.CancelTimeOffRequest.action
    return await service.run(caller, action, f"time_off_requests/{ident}", build, dry_run=dry_run)


async def adjust_balance(caller: Caller, data: writeback.BalanceAdjustment, *, dry_run: bool) -> WriteResult:
    async def build(_: HiBobClient) -> writeback.Write:
        remote = await service.employee_id(caller, data.employee_id)
        await service.check_policy_type(caller, data.policy_type)
        return writeback.AdjustBalance(remote, data)

    target = f"time_off_balances/{data.employee_id}:{data.policy_type}"
    return await service.run(caller, writeback.AdjustBalance.action, target, build, dry_run=dry_run)


async def create_document(caller: Caller, data: writeback.DocumentCreate, *, dry_run: bool) -> WriteResult:
    async def build(_: HiBobClient) -> writeback.Write:
        remote = await service.employee_id(caller, data.employee_id)
        return writeback.UploadDocument(remote, data)

    action = writeback.UploadDocument.action
    return await service.run(caller, action, "documents/new", build, dry_run=dry_run)
