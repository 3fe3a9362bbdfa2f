"""HiBob employee tables → history rows: work, employment, lifecycle, salaries, variable pay, equity, etc."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from bobhub.unified.mapping.status import employment_status
from bobhub.unified.mapping.values import mapping, mask, money, number, plain, text
from bobhub.unified.models import (
    BankAccountRecord,
    CompensationRecord,
    EmploymentRecord,
    EquityRecord,
    HistoryRecord,
    JobRecord,
    LifecycleRecord,
    TrainingRecord,
    UnifiedRecord,
    VariablePayRecord,
)

# Row keys every table shares (dates, bookkeeping); what no table-specific reader takes lands in `extra`.
COMMON = frozenset(
    {"id", "effectiveDate", "endEffectiveDate", "isCurrent", "activeEffectiveDate", "creationDate",
     "modificationDate", "canBeDeleted", "change", "customColumns", "reason"}
)  # fmt: skip
# Plain text columns per table: HiBob's name → the unified field.
TEXT: dict[str, dict[str, str]] = {
    "work": {"title": "job_title_remote_id", "department": "department_remote_id", "site": "location",
             "siteId": "location_remote_id", "workChangeType": "work_change_type"},
    "employment": {"contract": "contract", "type": "employment_type", "salaryPayType": "pay_type"},
    "lifecycle": {"employeeStatus": "access_status", "reasonType": "reason_type"},
    "salaries": {"payPeriod": "pay_period", "payFrequency": "pay_frequency"},
    "variable": {"variableType": "variable_type", "paymentPeriod": "payment_period"},
    "equities": {"equityType": "equity_type", "grantDate": "grant_date",
                 "vestingCommencementDate": "vesting_commencement_date"},
    "training": {"name": "name", "status": "status"},
    "bank-accounts": {"bankName": "bank_name", "bankAccountType": "account_type"},
}  # fmt: skip
NUMBERS: dict[str, dict[str, str]] = {
    "employment": {"fte": "fte", "weeklyHours": "weekly_hours"},
    "equities": {"quantity": "quantity"},
}
MONEY: dict[str, tuple[str, str]] = {
    "salaries": ("base", "amount"),
    "variable": ("amount", "amount"),
    "training": ("cost", "cost"),
}
# Bank numbers stay masked in our copy too, whoever reads it later (the seed guides' "masked" rule).
MASKED = {"accountNumber": "account_number", "routingNumber": "routing_number", "iban": "iban"}
MODELS: dict[str, type[HistoryRecord]] = {
    "work": JobRecord,
    "employment": EmploymentRecord,
    "lifecycle": LifecycleRecord,
    "salaries": CompensationRecord,
    "variable": VariablePayRecord,
    "equities": EquityRecord,
    "training": TrainingRecord,
    "bank-accounts": BankAccountRecord,
}
# Training and bank accounts have no effective date; their own start date / none stands in.
START = {"training": "startDate"}
END = {"variable": "endDate", "training": "endDate"}


def map_table_rows(table: str, employee_id: str, rows: Iterable[Any]) -> list[UnifiedRecord]:
    """One employee's rows of a table (raw JSON or the client's TableEntry); unknown tables map to none."""
    model = MODELS.get(table)
    if model is None:
        return []
    return [map_row(model, table, str(employee_id), plain(row)) for row in rows]


def map_row(
    model: type[HistoryRecord], table: str, employee_id: str, row: Mapping[str, Any]
) -> HistoryRecord:
    taken = set(COMMON) | set(TEXT.get(table, {})) | set(NUMBERS.get(table, {}))
    fields: dict[str, Any] = {
        "remote_id": f"{employee_id}:{table}:{row.get('id')}",
        "employee_remote_id": employee_id,
        "effective_date": text(row.get(START.get(table, "effectiveDate"))),
        "end_date": text(row.get(END.get(table, "endEffectiveDate")) or row.get("endEffectiveDate")),
        "is_current": row.get("isCurrent") if isinstance(row.get("isCurrent"), bool) else None,
        "change_reason": text(mapping(row.get("change")).get("reason") or row.get("reason")),
    }
    fields.update({target: text(row.get(source)) for source, target in TEXT.get(table, {}).items()})
    fields.update({target: number(row.get(source)) for source, target in NUMBERS.get(table, {}).items()})
    if table in MONEY:
        source, target = MONEY[table]
        fields[target], fields["currency"] = money(row.get(source))
        taken.add(source)
    special = SPECIAL.get(table)
    if special is not None:
        taken |= special(row, fields)
    fields["extra"] = {k: v for k, v in row.items() if k not in taken}
    fields["remote_data"] = masked(row) if table == "bank-accounts" else dict(row)
    return model(**fields)


def work(row: Mapping[str, Any], fields: dict[str, Any]) -> set[str]:
    fields["manager_remote_id"] = text(mapping(row.get("reportsTo")).get("id"))
    return {"reportsTo"}


def lifecycle(row: Mapping[str, Any], fields: dict[str, Any]) -> set[str]:
    fields["status"] = employment_status(row.get("status"))
    return {"status"}


def bank_account(row: Mapping[str, Any], fields: dict[str, Any]) -> set[str]:
    fields.update({target: mask(row.get(source)) for source, target in MASKED.items()})
    return set(MASKED)


def masked(row: Mapping[str, Any]) -> dict[str, Any]:
    return {k: mask(v) if k in MASKED else v for k, v in row.items()}


SPECIAL: dict[str, Callable[[Mapping[str, Any], dict[str, Any]], set[str]]] = {
    "work": work,
    "lifecycle": lifecycle,
    "bank-accounts": bank_account,
}
