"""Write-back to HiBob: unified input checked, turned into HiBob requests, sent once, read back.

    write = UpdateEmployee(await Metadata.load(client), employee_id, EmployeeUpdate(first_name="Ada"))
    outcome = await execute(write, client, verify_seconds=25)   # or: await dry_run(write, client)

Independent of the web framework: the API's write routes and any other caller share it.
"""

from bobhub.writeback.base import Observed, Outcome, Write, WriteFailed, dry_run, execute
from bobhub.writeback.calls import HiBobCall, NotApplied
from bobhub.writeback.documents import MAX_CUSTOM_UPLOAD, MAX_UPLOAD, UploadDocument
from bobhub.writeback.employees import CreateEmployee
from bobhub.writeback.inputs import (
    BalanceAdjustment,
    DocumentCreate,
    EmployeeCreate,
    EmployeeUpdate,
    Termination,
    TimeOffRequestCreate,
)
from bobhub.writeback.lifecycle import TerminateEmployee
from bobhub.writeback.metadata import Metadata
from bobhub.writeback.store import save, stored
from bobhub.writeback.timeoff import AdjustBalance, CancelTimeOffRequest, CreateTimeOffRequest
from bobhub.writeback.updates import UpdateEmployee

__all__ = [
    "MAX_CUSTOM_UPLOAD",
    "MAX_UPLOAD",
    "AdjustBalance",
    "BalanceAdjustment",
    "CancelTimeOffRequest",
    "CreateEmployee",
    "CreateTimeOffRequest",
    "DocumentCreate",
    "EmployeeCreate",
    "EmployeeUpdate",
    "HiBobCall",
    "Metadata",
    "NotApplied",
    "Observed",
    "Outcome",
    "TerminateEmployee",
    "Termination",
    "TimeOffRequestCreate",
    "UpdateEmployee",
    "UploadDocument",
    "Write",
    "WriteFailed",
    "dry_run",
    "execute",
    "save",
    "stored",
]
