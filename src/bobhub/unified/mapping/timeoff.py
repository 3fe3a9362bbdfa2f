"""HiBob time off → unified policies, requests (from any of HiBob's request shapes) and balances."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bobhub.unified.mapping.values import flag, number, plain, text
from bobhub.unified.models import SourceEnum, TimeOffBalance, TimeOffPolicy, TimeOffRequest

# A change-feed item's changeType → the request's status after that change. "Created" is an approved
# request: pending ones appear as "Pending" (with includePending) until approved (hibob-api-notes.md §8).
CHANGE_STATUS = {"created": "approved", "pending": "pending", "canceled": "canceled", "deleted": "deleted"}
STATUS = {"approved": "approved", "pending": "pending", "canceled": "canceled", "cancelled": "canceled",
          "declined": "declined", "rejected": "declined", "deleted": "deleted"}  # fmt: skip


def map_policy(policy_type: str, policy_json: Any) -> TimeOffPolicy:
    """A policy (raw JSON or the client's Policy); HiBob looks policies up by name alone, so it is the id."""
    policy = plain(policy_json)
    return TimeOffPolicy(
        remote_id=str(policy.get("name")),
        name=str(policy.get("name")),
        policy_type=policy_type,
        unit=text(policy.get("unit")),
        allowance=number(policy.get("allowance")),
        max_balance=number(policy.get("maxBalance")),
        min_balance=number(policy.get("minBalance")),
        approval_required=flag(policy.get("approvalRequired")),
        description=text(policy.get("description")),
        remote_data=dict(policy),
    )


def request_status(item: Mapping[str, Any]) -> SourceEnum:
    if item.get("changeType") is not None:
        source = item["changeType"]
        return SourceEnum(value=CHANGE_STATUS.get(str(source).lower()), source_value=source)
    source = item.get("status")
    return SourceEnum(
        value=STATUS.get(str(source).lower()) if source is not None else None, source_value=source
    )


def map_request(request_json: Any) -> TimeOffRequest:
    """A request read by id, a change-feed snapshot, or a who's-out entry: HiBob's three request shapes."""
    item = plain(request_json)
    return TimeOffRequest(
        remote_id=str(item.get("requestId")),
        employee_remote_id=text(item.get("employeeId")),
        policy_type=text(item.get("policyTypeDisplayName") or item.get("policyType")),
        status=request_status(item),
        request_type=text(item.get("type") or item.get("requestRangeType")),
        start_date=text(item.get("startDate") or item.get("date")),
        end_date=text(item.get("endDate") or item.get("date")),
        start_portion=text(item.get("startPortion") or item.get("startDatePortion")),
        end_portion=text(item.get("endPortion") or item.get("endDatePortion")),
        unit=text(item.get("durationUnit")),
        amount=number(item.get("totalDuration")),
        cost=number(item.get("totalCost")),
        description=text(item.get("description")),
        requested_at=text(item.get("createdOn")),
        previous_request_remote_id=text(item.get("previousRequestId")),
        original_request_remote_id=text(item.get("originalRequestId")),
        visibility=text(item.get("visibility")),
        remote_data=dict(item),
    )


def map_balance(balance_json: Any, policy_type: str, as_of: str) -> TimeOffBalance:
    """An employee's balance of one policy type on `as_of` (one record per employee and type)."""
    balance = plain(balance_json)
    employee = str(balance.get("employeeId"))
    return TimeOffBalance(
        remote_id=f"{employee}:{policy_type}",
        employee_remote_id=employee,
        policy_type=policy_type,
        policy=text(balance.get("policy")),
        as_of=str(as_of),
        balance=number(balance.get("totalBalanceAsOfDate")),
        rounded_balance=number(balance.get("totalRoundedBalanceAsOfDate")),
        taken=number(balance.get("totalTaken")),
        admin_adjustments=number(balance.get("totalAdminAdjustments")),
        annual_allowance=number(balance.get("annualAllowance")),
        remote_data=dict(balance),
    )
