"""Time-off writes: submitting and canceling requests, and adjusting balances.

HiBob documents no body for a submitted request ("Successfully submitted"); when the answer carries no
`requestId`, the new request is looked up in the change feed, which lists it within seconds. A balance
adjustment has no id at all: it is verified by the balance moving by the amount, read before and after.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from bobhub.errors import BadRequest
from bobhub.hibob import HiBobClient
from bobhub.hibob.models import Balance
from bobhub.unified.mapping import map_balance, map_request
from bobhub.unified.models import UnifiedRecord
from bobhub.writeback.base import Observed, Write
from bobhub.writeback.calls import HiBobCall, Sender, answer_field, hibob_path, poll
from bobhub.writeback.inputs import BalanceAdjustment, TimeOffRequestCreate
from bobhub.writeback.metadata import same

RANGE_TYPES = {"days": "days", "hours": "hours", "portion_on_range": "portionOnRange"}
LIVE = ("approved", "pending")
FEED_OVERLAP = dt.timedelta(minutes=1)  # clocks differ; the feed is filtered by what was sent anyway


def hibob_time(moment: dt.datetime) -> str:
    # As the sync reads the feed: HiBob takes a datetime without offset as UTC (an assumption).
    return moment.astimezone(dt.UTC).replace(tzinfo=None).isoformat(timespec="seconds")


def request_body(data: TimeOffRequestCreate) -> dict[str, Any]:
    """HiBob's body for the request's range type (hibob-api-notes.md §8.4); 400 naming a bad field."""
    end = data.end_date or data.start_date
    if end < data.start_date:
        raise BadRequest("end_date: must not be before start_date")
    if data.request_type == "hours" and end != data.start_date:
        raise BadRequest("end_date: an hours request covers one day")
    if data.request_type == "hours" and not (data.hours or data.minutes):
        raise BadRequest("hours: an hours request needs hours or minutes")
    if data.request_type == "portion_on_range" and data.day_portion is None:
        raise BadRequest("day_portion: required for a portion_on_range request")
    body: dict[str, Any] = {
        "policyType": data.policy_type,
        "requestRangeType": RANGE_TYPES[data.request_type],
        "startDate": data.start_date.isoformat(),
        "endDate": end.isoformat(),
    }
    if data.request_type == "days":
        body |= {"startDatePortion": data.start_portion, "endDatePortion": data.end_portion}
    elif data.request_type == "portion_on_range":
        body["dayPortion"] = data.day_portion
    else:
        body |= {"hours": data.hours or 0, "minutes": data.minutes or 0}
    extra = {"description": data.description, "reasonCode": data.reason_code}
    body |= {k: v for k, v in extra.items() if v is not None}
    if data.skip_manager_approval:
        body["skipManagerApproval"] = True
    return body


class CreateTimeOffRequest(Write):
    """A new request for an employee; verified when HiBob shows it approved or pending on its dates."""

    action = "time_off_requests.create"

    def __init__(self, employee_id: str, data: TimeOffRequestCreate) -> None:
        self.employee_id = employee_id
        self.body = request_body(data)
        self.request_id: str | None = None
        self.sent_at = dt.datetime.now(dt.UTC)

    @property
    def target(self) -> str:
        return f"time_off_requests/{self.request_id or 'new'}"

    @property
    def fields(self) -> list[str]:
        return ["policy_type", "start_date", "end_date", "status"]

    def preview(self) -> list[HiBobCall]:
        body = self.body

        async def send(client: HiBobClient) -> Any:
            return answer_field(await client.time_off.create_request(self.employee_id, body), "requestId")

        path = hibob_path("/timeoff/employees/{id}/requests", id=self.employee_id)
        return [HiBobCall("POST", path, body, send, tuple(self.fields))]

    async def perform(self, sender: Sender) -> None:
        self.sent_at = dt.datetime.now(dt.UTC)
        found = await sender.send(self.preview()[0], self.find_in_feed)
        if found is None:
            found = await poll(lambda: self.find_in_feed(sender.client), sender.deadline)
        self.request_id = str(found) if found is not None else None

    async def find_in_feed(self, client: HiBobClient) -> int | None:
        """The newest request of the change feed matching what was sent."""
        since = hibob_time(self.sent_at - FEED_OVERLAP)
        changes = await client.time_off.changes(since, include_pending=True)
        body = self.body
        matching = [
            c.request_id
            for c in changes
            if c.employee_id == self.employee_id
            and c.policy_type_display_name == body["policyType"]
            and (c.start_date, c.end_date) == (body["startDate"], body["endDate"])
            and c.change_type in ("Created", "Pending")
        ]
        return matching[-1] if matching else None

    async def observe(self, client: HiBobClient) -> Observed:
        if self.request_id is None:
            return Observed(unconfirmed=self.fields)
        read = await client.time_off.get_request(self.employee_id, int(self.request_id))
        record = map_request(read.raw())
        wanted = {
            "policy_type": (record.policy_type, self.body["policyType"]),
            "start_date": (record.start_date, self.body["startDate"]),
            "end_date": (record.end_date, self.body["endDate"]),
        }
        missing = [name for name, (seen, sent) in wanted.items() if not same(seen, sent)]
        if record.status is None or record.status.value not in LIVE:
            missing.append("status")
        return Observed(record, [record], missing)


class CancelTimeOffRequest(Write):
    """Cancel a request; verified when HiBob shows it canceled."""

    action = "time_off_requests.cancel"

    def __init__(self, employee_id: str, request_id: str) -> None:
        if not request_id.isdigit():
            raise BadRequest(f"request {request_id!r} is not a HiBob time-off request id")
        self.employee_id, self.request_id = employee_id, request_id

    @property
    def target(self) -> str:
        return f"time_off_requests/{self.request_id}"

    @property
    def fields(self) -> list[str]:
        return ["status"]

    def preview(self) -> list[HiBobCall]:
        async def send(client: HiBobClient) -> Any:
            return await client.time_off.cancel_request(self.employee_id, int(self.request_id))

        path = hibob_path(
            "/timeoff/employees/{id}/requests/{requestId}", id=self.employee_id, requestId=self.request_id
        )
        return [HiBobCall("DELETE", path, None, send, ("status",))]

    async def observe(self, client: HiBobClient) -> Observed:
        read = await client.time_off.get_request(self.employee_id, int(self.request_id))
        record = map_request(read.raw())
        canceled = record.status is not None and record.status.value == "canceled"
        return Observed(record, [record], [] if canceled else ["status"])


class AdjustBalance(Write):
    """Add to (or take from) a balance; verified when the balance as of the date moved by the amount."""

    action = "time_off_balances.adjust"

    def __init__(self, employee_id: str, data: BalanceAdjustment) -> None:
        if data.amount == 0:
            raise BadRequest("amount: must not be 0")
        self.employee_id, self.data = employee_id, data
        self.date = data.effective_date or dt.date.today()
        self.kind = "daysUsed" if data.adjustment_type == "days_used" else "balance"
        self.before: Balance | None = None

    @property
    def target(self) -> str:
        return f"time_off_balances/{self.employee_id}:{self.data.policy_type}"

    @property
    def fields(self) -> list[str]:
        return ["amount"]

    async def prepare(self, client: HiBobClient) -> None:
        self.before = await client.time_off.get_balance(self.employee_id, self.data.policy_type, self.date)

    def preview(self) -> list[HiBobCall]:
        data = self.data
        # The same keys, in the same order, as HiBobClient.time_off.adjust_balance builds its body.
        body = {
            "adjustmentType": self.kind,
            "policyType": data.policy_type,
            "effectiveDate": self.date.isoformat(),
            "amount": data.amount,
            "reason": data.reason,
        }

        async def send(client: HiBobClient) -> Any:
            return await client.time_off.adjust_balance(
                self.employee_id,
                data.policy_type,
                data.amount,
                effective_date=self.date,
                reason=data.reason,
                adjustment_type=self.kind,
            )

        path = hibob_path("/timeoff/employees/{id}/adjustments", id=self.employee_id)
        return [HiBobCall("POST", path, body, send, ("amount",))]

    def moved(self, after: Balance) -> float:
        column = "total_taken" if self.kind == "daysUsed" else "total_admin_adjustments"
        before = getattr(self.before, column, None) or 0.0
        return float(getattr(after, column, None) or 0.0) - float(before)

    async def observe(self, client: HiBobClient) -> Observed:
        after = await client.time_off.get_balance(self.employee_id, self.data.policy_type, self.date)
        record = map_balance(after.raw(), self.data.policy_type, self.date.isoformat())
        # Our copy of balances is "as of today" (what a sync stores): a dated read is not stored.
        records: list[UnifiedRecord] = [record] if self.date == dt.date.today() else []
        applied = abs(self.moved(after) - self.data.amount) < 1e-6
        return Observed(record, records, [] if applied else ["amount"])
