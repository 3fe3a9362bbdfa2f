"""Time off: policy types, policies, reason codes, balances, requests, who's out, and the change feed.

`changes` is HiBob's only delta feed: requests created, canceled or deleted since a moment, at most six
months back (hibob-api-notes.md §8.4, §10).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from bobhub.hibob.models import Balance, Out, Policy, PolicyType, ReasonCode, TimeOffChange, TimeOffRequest
from bobhub.hibob.resources._base import DateLike, Resource, drop_none, iso


class TimeOffResource(Resource):
    """`client.time_off`: settings reads, balances, requests and who's out."""

    async def list_policy_types(self) -> list[str]:
        data = await self._json("GET", "/timeoff/policy-types")
        return [str(name) for name in (data or {}).get("policyTypes", [])]

    async def get_policy_type(self, name: str) -> PolicyType:
        data = await self._json("GET", "/timeoff/policy-types/{policyType}", path={"policyType": name})
        return PolicyType.model_validate(data)

    async def list_reason_codes(self, policy_type: str) -> list[ReasonCode]:
        path = {"policyType": policy_type}
        data = await self._json("GET", "/timeoff/policy-types/{policyType}/reason-codes", path=path)
        return [ReasonCode.model_validate(c) for c in (data or {}).get("reasonCodes", [])]

    async def create_reason_codes(self, policy_type: str, names: Iterable[str]) -> None:
        """Add reason codes (by display name) to a policy type."""
        path = {"policyType": policy_type}
        body = {"reasonCodes": list(names)}
        await self._send("POST", "/timeoff/policy-types/{policyType}/reason-codes", path=path, body=body)

    async def list_policy_names(self, policy_type: str) -> list[str]:
        params = {"policyTypeName": policy_type}
        data = await self._json("GET", "/timeoff/policies/names", params=params)
        return [str(name) for name in (data or {}).get("policyNames", [])]

    async def get_policy(self, name: str) -> Policy:
        data = await self._json("GET", "/timeoff/policies", params={"policyName": name})
        return Policy.model_validate(data)

    async def get_balance(self, employee_id: str, policy_type: str, date: DateLike) -> Balance:
        """The balance of one policy type on one date (HiBob has no all-policies balance call)."""
        params = {"policyType": policy_type, "date": iso(date)}
        data = await self._json(
            "GET", "/timeoff/employees/{id}/balance", path={"id": employee_id}, params=params
        )
        return Balance.model_validate(data)

    async def adjust_balance(
        self,
        employee_id: str,
        policy_type: str,
        amount: float,
        *,
        effective_date: DateLike,
        reason: str,
        adjustment_type: str = "balance",
    ) -> None:
        """Add (or with a negative amount, remove) balance; `adjustment_type` balance or daysUsed."""
        body = {
            "adjustmentType": adjustment_type,
            "policyType": policy_type,
            "effectiveDate": iso(effective_date),
            "amount": amount,
            "reason": reason,
        }
        await self._send("POST", "/timeoff/employees/{id}/adjustments", path={"id": employee_id}, body=body)

    async def get_request(
        self, employee_id: str, request_id: int, *, include_daily_durations: bool = False
    ) -> TimeOffRequest:
        path = {"id": employee_id, "requestId": request_id}
        params = {"includeDailyDurations": include_daily_durations} if include_daily_durations else None
        data = await self._json(
            "GET", "/timeoff/employees/{id}/requests/{requestId}", path=path, params=params
        )
        return TimeOffRequest.model_validate(data)

    async def create_request(self, employee_id: str, request: Mapping[str, Any]) -> Any:
        """Submit a request; `request` has `policyType`, `requestRangeType` and that type's fields.

        HiBob documents only "Successfully submitted"; whatever it answers is returned as is.
        """
        path = {"id": employee_id}
        return await self._json("POST", "/timeoff/employees/{id}/requests", path=path, body=dict(request))

    async def cancel_request(self, employee_id: str, request_id: int) -> None:
        path = {"id": employee_id, "requestId": request_id}
        await self._send("DELETE", "/timeoff/employees/{id}/requests/{requestId}", path=path)

    async def whos_out(
        self,
        start: DateLike,
        end: DateLike,
        *,
        include_hourly: bool = False,
        include_private: bool = False,
        include_pending: bool = False,
    ) -> list[Out]:
        """Active employees out between two dates (private and pending ones need their permissions)."""
        params = {
            "from": iso(start),
            "to": iso(end),
            "includeHourly": include_hourly,
            "includePrivate": include_private,
            "includePending": include_pending,
        }
        data = await self._json("GET", "/timeoff/whosout", params=params)
        return [Out.model_validate(o) for o in (data or {}).get("outs", [])]

    async def out_today(
        self,
        today: DateLike | None = None,
        *,
        include_hourly: bool = False,
        include_private: bool = False,
        site_id: str | None = None,
    ) -> list[Out]:
        params = drop_none(
            {
                "today": iso(today) if today else None,
                "includeHourly": include_hourly,
                "includePrivate": include_private,
                "siteId": site_id,
            }
        )
        data = await self._json("GET", "/timeoff/outtoday", params=params)
        return [Out.model_validate(o) for o in (data or {}).get("outs", [])]

    async def changes(
        self, since: dt.datetime | str, *, to: dt.datetime | str | None = None, include_pending: bool = False
    ) -> list[TimeOffChange]:
        """Requests that changed since `since` (at most six months back), oldest first as HiBob sends."""
        params = drop_none(
            {"since": iso(since), "to": iso(to) if to else None, "includePending": include_pending}
        )
        data = await self._json("GET", "/timeoff/requests/changes", params=params)
        return [TimeOffChange.model_validate(c) for c in (data or {}).get("changes", [])]
