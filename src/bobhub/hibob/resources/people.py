"""People: search, read by id or email, create, update, terminate, email, invitations, start date, profiles.

`POST /people/search` is not paginated: one answer holds every match (hibob-api-notes.md §4), so one
call fetches the whole company. HiBob takes at most 400 field ids per request; asking for more splits
the request by fields and merges the answers by employee id.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any, Literal

from bobhub.hibob.employee import Employee, HumanReadable, parse_employee
from bobhub.hibob.errors import UnexpectedResponse
from bobhub.hibob.models import Profile
from bobhub.hibob.resources._base import DateLike, Resource, drop_none, iso

MAX_FIELDS = 400
Fields = Iterable[str] | Literal["all"] | None


class PeopleResource(Resource):
    """`client.people`: employees as `Employee` objects (values by field id, hidden vs empty)."""

    async def search(
        self,
        fields: Fields = None,
        *,
        show_inactive: bool = False,
        human_readable: HumanReadable = "",
        ids: Iterable[str] | None = None,
        emails: Iterable[str] | None = None,
    ) -> list[Employee]:
        """Every employee the service user can see (or those `ids` / `emails`), with `fields`.

        `fields="all"` asks for every field in the company's metadata; None gets HiBob's default set.
        """
        if ids is not None and emails is not None:
            raise ValueError("HiBob accepts one filter: ids or emails, not both")
        body: dict[str, Any] = {"showInactive": show_inactive}
        if human_readable:
            body["humanReadable"] = human_readable
        for path, values in (("root.id", ids), ("root.email", emails)):
            if values is not None:
                values = list(values)
                if not values:
                    return []  # HiBob answers 400 to an empty filter; nobody matches it anyway
                body["filters"] = [{"fieldPath": path, "operator": "equals", "values": values}]
        return await self._read("POST", "/people/search", {}, body, await self._field_ids(fields))

    async def search_values(
        self, fields: Iterable[str], *, show_inactive: bool = False
    ) -> list[dict[str, Any]]:
        """Every employee's values of a few plain `fields` (not objects), one small dict by field id each.

        A search answers for the whole company at once (hibob-api-notes.md §4). For a field or two of
        100,000 people, the decoded answer alone would take ~100 MB, so each employee object is turned
        into its values as the JSON is decoded. `root.id` is always read.
        """
        wanted = list(dict.fromkeys(["root.id", *fields]))
        body = {"showInactive": show_inactive, "fields": wanted}
        reply = await self._send("POST", "/people/search", body=body, expect="bytes")

        def shrink(obj: dict[str, Any]) -> dict[str, Any]:
            # Only employee objects carry an id; their nested parts (value wrappers) are decoded first.
            return _values(obj, wanted) if "id" in obj or "/root/id" in obj else obj

        try:
            data = json.loads(reply.content, object_hook=shrink)
        except ValueError:
            # A cut answer: read again through the JSON path, which retries answers that do not parse.
            data = await self._json("POST", "/people/search", body=body)
            return [_values(raw, wanted) for raw in _employees(data)]
        found: list[dict[str, Any]] = data.get("employees") or [] if isinstance(data, dict) else []
        return found

    async def get(
        self, identifier: str, fields: Fields = None, *, human_readable: HumanReadable = ""
    ) -> Employee:
        """One employee by HiBob id or email (inactive ones too)."""
        body: dict[str, Any] = {"humanReadable": human_readable} if human_readable else {}
        path = {"identifier": identifier}
        found = await self._read("POST", "/people/{identifier}", path, body, await self._field_ids(fields))
        if not found:
            raise UnexpectedResponse("HiBob answered a read by id without an employee", status_code=200)
        return found[0]

    async def create(self, employee: Mapping[str, Any]) -> Employee:
        """Create an employee: `firstName`, `surname`, `email` and `work: {site, startDate}` at least.

        HiBob takes list *names* here (site "New York"), unlike table writes, which take list ids.
        """
        data = await self._json("POST", "/people", body=dict(employee))
        return parse_employee(_first(data))

    async def update(self, identifier: str, changes: Mapping[str, Any]) -> bool:
        """Change fields (nested by category, e.g. {"personal": {"birthDate": …}}); False if nothing changed.

        HiBob answers 304 when the values already match. Table fields (work, employment…) are written
        through `client.tables` instead.
        """
        path = {"identifier": identifier}
        reply = await self._send(
            "PUT", "/people/{identifier}", path=path, body=dict(changes), ok=frozenset({304})
        )
        return reply.status_code != 304

    async def terminate(
        self,
        employee_id: str,
        termination_date: DateLike,
        *,
        termination_reason: str | None = None,
        reason_type: str | None = None,
        notice_period: Mapping[str, Any] | None = None,
        last_day_of_work: DateLike | None = None,
    ) -> None:
        """Terminate on a date; reasons are list item ids, `notice_period` is {unit, length}."""
        body = drop_none(
            {
                "terminationDate": iso(termination_date),
                "terminationReason": termination_reason,
                "reasonType": reason_type,
                "noticePeriod": dict(notice_period) if notice_period else None,
                "lastDayOfWork": iso(last_day_of_work) if last_day_of_work else None,
            }
        )
        await self._send(
            "POST", "/employees/{identifier}/terminate", path={"identifier": employee_id}, body=body
        )

    async def change_email(self, employee_id: str, email: str) -> None:
        await self._send("PUT", "/people/{id}/email", path={"id": employee_id}, body={"email": email})

    async def invite(self, employee_id: str, welcome_wizard_id: int) -> None:
        """Invite the employee to Bob with an onboarding wizard (`client.metadata.wizards()`)."""
        path = {"employeeId": employee_id}
        body = {"welcomeWizardId": welcome_wizard_id}
        await self._send("POST", "/employees/{employeeId}/invitations", path=path, body=body)

    async def uninvite(self, employee_id: str) -> None:
        """Revoke the employee's access to Bob."""
        await self._send("POST", "/employees/{identifier}/uninvite", path={"identifier": employee_id})

    async def set_start_date(self, employee_id: str, start_date: DateLike, reason: str | None = None) -> None:
        body = drop_none({"startDate": iso(start_date), "reason": reason})
        await self._send(
            "POST", "/employees/{employeeId}/start-date", path={"employeeId": employee_id}, body=body
        )

    async def profiles(self) -> list[Profile]:
        """Public profiles of all active employees the service user can access."""
        data = await self._json("GET", "/profiles")
        return [Profile.model_validate(p) for p in (data or {}).get("employees", [])]

    async def _field_ids(self, fields: Fields) -> list[str] | None:
        if fields is None:
            return None
        if fields == "all":
            metadata = await self._json("GET", "/company/people/fields")
            return [str(f["id"]) for f in metadata]
        if isinstance(fields, str):
            raise ValueError('fields is a list of field ids, or "all"')
        return list(dict.fromkeys(fields))

    async def _read(
        self,
        method: str,
        template: str,
        path: Mapping[str, Any],
        body: dict[str, Any],
        fields: list[str] | None,
    ) -> list[Employee]:
        """Read employees, in several requests of ≤ 400 fields when needed, merged by employee id."""
        mode = body.get("humanReadable", "")
        answers: list[list[Employee]] = []
        for chunk in _chunks(fields):
            data = await self._json(method, template, path=path, body={**body, **_fields_body(chunk)})
            answers.append(
                [
                    parse_employee(raw, known_ids=chunk or (), human_readable=mode, requested=fields or ())
                    for raw in _employees(data)
                ]
            )
        if len(answers) == 1:
            return answers[0]
        merged: dict[str, Employee] = {}
        for employee in (e for answer in answers for e in answer):
            merged[employee.id] = _merge(merged.get(employee.id), employee)
        return list(merged.values())


def _chunks(fields: list[str] | None) -> list[list[str] | None]:
    if fields is None or len(fields) <= MAX_FIELDS:
        return [fields]
    rest = [f for f in fields if f != "root.id"]
    size = MAX_FIELDS - 1  # every chunk carries root.id to merge the answers
    return [["root.id", *rest[i : i + size]] for i in range(0, len(rest), size)]


def _values(raw: Mapping[str, Any], wanted: list[str]) -> dict[str, Any]:
    employee = parse_employee(raw, known_ids=wanted, requested=wanted)
    return {f: employee.values[f] for f in wanted if f in employee.values}


def _fields_body(chunk: list[str] | None) -> dict[str, Any]:
    return {"fields": chunk} if chunk is not None else {}


def _employees(data: Any) -> list[Mapping[str, Any]]:
    """`{"employees": [...]}` (search, and by-id per the spec) or a bare employee object."""
    if isinstance(data, Mapping) and isinstance(data.get("employees"), list):
        return list(data["employees"])
    return [data] if isinstance(data, Mapping) else []


def _first(data: Any) -> Mapping[str, Any]:
    found = _employees(data)
    return found[0] if found else {}


def _merge(first: Employee | None, second: Employee) -> Employee:
    if first is None:
        return second
    return Employee(
        values={**first.values, **second.values},
        human={**first.human, **second.human},
        returned=first.returned | second.returned,
        requested=first.requested | second.requested,
    )
