"""Turning employees into HiBob's three-layer people JSON, as one service user may see them.

A `Plan` is computed once per (company, what the service user may see, requested fields, humanReadable
mode): the fields to return, where each goes (top-level root key, nested category object, flat
"/category/field" key), how to make its display value, and the constant JSON text between the values.
Rendering an employee then only encodes its values and interleaves them with that text (a 10,000-person
search with every field is ~1M values), and the bytes are cached by (employee, version, plan) in a
per-app `PeopleState`.
"""

from __future__ import annotations

import itertools
import json
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from starlette.datastructures import State

from bobhub.sandbox.model import Company, Employee, FieldDef
from bobhub.sandbox.permissions import Grants

APPEND, REPLACE = "APPEND", "REPLACE"
DEFAULT_CATEGORIES = ("root", "about", "employment", "work")
# Pre-FLP sensitive logic (hibob-api-notes §6.2): full birth date and age need View *and* Edit on their
# category, and identity/bank numbers come back masked without Edit.
EDIT_TO_VIEW = frozenset({"personal.birthDate", "personal.age"})
MASKED_WITHOUT_EDIT = frozenset(
    {"identification.ssn", "identification.passportNumber", "financial.accountNumber", "financial.iban"}
)
CACHE_BUDGET = 256 * 1024 * 1024  # bytes of encoded employees kept per app
SNAPSHOTS_KEPT = 20_000

Values = dict[str, Any]
Human = Callable[[Any], Any]
dumps = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode
encode_string: Callable[[str], str] = json.encoder.encode_basestring
# Per-type JSON encoders that go straight to C (json.dumps per value would cost ~1 µs each).
ENCODERS: dict[type, Callable[[Any], str]] = {
    str: encode_string,
    int: int.__repr__,
    float: float.__repr__,
    bool: {True: "true", False: "false"}.__getitem__,
    type(None): "null".format,
}


def human_mode(raw: Any) -> str:
    """The humanReadable mode of a request body.

    Assumption: HiBob documents "APPEND" and "REPLACE" in capitals, and a known client sends "replace",
    so the mode is read case-insensitively; any other value is ignored, as HiBob documents.
    """
    mode = raw.upper() if isinstance(raw, str) else ""
    return mode if mode in (APPEND, REPLACE) else ""


def mask(value: Any) -> str:
    text = str(value)
    return "*****" + text[-4:]


@dataclass(frozen=True, slots=True)
class Slot:
    """Where one returned field goes, and how its display value is made."""

    field_id: str
    path: tuple[str, ...]  # json path: top-level key, then keys inside the category object
    slash: str  # the flat key, e.g. "/work/department"
    human: Human
    masked: bool


@dataclass(frozen=True, slots=True)
class Plan:
    """The fields one kind of request returns and the JSON template their encoded values fill."""

    key: tuple[Any, ...]
    serial: int  # stands for `key` in render-cache keys (hashing `key` per employee is slow)
    slots: tuple[Slot, ...]
    mode: str
    field_ids: tuple[str, ...]
    masked: tuple[int, ...]
    pieces: tuple[str, ...]  # the JSON text between the values: pieces[0] v pieces[1] v ... pieces[-1]
    nested_order: tuple[int, ...] | None  # slot index of each nested hole, when not simply slot order


def _date(value: Any) -> Any:
    text = str(value)
    if len(text) >= 10 and text[4] == "-":
        return f"{text[8:10]}/{text[5:7]}/{text[:4]}"
    return text


def _short_date(value: Any) -> Any:
    text = str(value)
    return f"{text[3:5]}/{text[:2]}" if len(text) == 5 else text


def _number(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _currency(value: Any) -> Any:
    if not isinstance(value, dict):
        return _number(value)
    amount = value.get("value")
    if isinstance(amount, float) and amount.is_integer():
        amount = int(amount)
    shown = f"{amount:,}" if isinstance(amount, int | float) else str(amount)
    return f"{value.get('currency') or ''} {shown}".strip()


def _text(value: Any) -> Any:
    if isinstance(value, dict):
        return value.get("humanize") or value.get("displayName") or value.get("value")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return value


def human_converter(fd: FieldDef, company: Company) -> Human:
    """The display-value function of a field: list labels, DD/MM/YYYY dates, Yes/No, numbers as text."""
    kind = fd.type
    if kind in ("list", "hierarchy-list"):
        return lambda v: company.list_label(fd.list_id, v) or str(v)
    if kind == "multi-list":
        return lambda v: ", ".join(company.list_label(fd.list_id, i) or str(i) for i in v)
    if kind == "date":
        return _date
    if kind == "short-date":
        return _short_date
    if kind == "boolean":
        return lambda v: "Yes" if v else "No"
    if kind == "number":
        return _number
    if kind == "currency":
        return _currency
    if kind == "employee-reference":
        return lambda v: _employee_name(company, v)
    return _text


def _employee_name(company: Company, value: Any) -> Any:
    if isinstance(value, dict):
        return value.get("displayName") or value.get("id")
    other = company.employees.get(str(value))
    return other.values.get("root.displayName") if other else str(value)


def default_field_ids(company: Company) -> list[str]:
    """HiBob's default field set: the non-custom fields of Basic info, About, Employment and Work."""
    return [f.id for f in company.fields.values() if f.category_id in DEFAULT_CATEGORIES and not f.custom]


def readable_fields(
    company: Company, grants: Grants, field_ids: Iterable[str]
) -> list[tuple[FieldDef, bool]]:
    """The requested fields this service user gets, each with whether it is masked.

    Unknown ids and fields of categories without View are dropped silently, as HiBob does.
    """
    visible = grants.visible_categories(company)
    chosen: dict[str, tuple[FieldDef, bool]] = {}
    for field_id in ("root.id", *field_ids):
        fd = company.fields.get(field_id)
        if fd is None or field_id in chosen or fd.category_id not in visible:
            continue
        section = company.categories[fd.category_id].display_name
        editable = grants.can_edit(section)
        if field_id in EDIT_TO_VIEW and not editable:
            continue
        chosen[field_id] = (fd, field_id in MASKED_WITHOUT_EDIT and not editable)
    return list(chosen.values())


HOLE = "\x00"  # never in JSON text: encode_string escapes control characters


def _tree(slots: list[Slot]) -> dict[str, Any]:
    """The nested layer's shape: key → sub-tree, or → the slot index at a leaf."""
    tree: dict[str, Any] = {}
    for index, slot in enumerate(slots):
        node = tree
        for part in slot.path[:-1]:
            child = node.setdefault(part, {})
            if not isinstance(child, dict):
                # A field whose dict value another field's path runs through: only the flat key keeps it.
                child = node[part] = {}
            node = child
        if not isinstance(node.get(slot.path[-1]), dict):
            node[slot.path[-1]] = index
    return tree


def _template(slots: list[Slot]) -> tuple[list[str], tuple[int, ...]]:
    """The constant JSON pieces around one employee's values, and the slot behind each nested hole.

    Shape: `{"id":_,"work":{"department":_},"/root/id":{"value":_},..._}`: the nested layer, the flat
    layer (one hole per slot, in slot order), and a last hole for the humanReadable node.
    """
    order: list[int] = []

    def obj(node: dict[str, Any]) -> str:
        members = []
        for key, sub in node.items():
            if isinstance(sub, dict):
                members.append(f"{encode_string(key)}:{obj(sub)}")
            else:
                order.append(sub)
                members.append(f"{encode_string(key)}:{HOLE}")
        return "{" + ",".join(members) + "}"

    nested = obj(_tree(slots))
    flat = "".join(f',{encode_string(slot.slash)}:{{"value":{HOLE}}}' for slot in slots)
    return (nested[:-1] + flat + HOLE + "}").split(HOLE), tuple(order)


def build_plan(
    company: Company, chosen: list[tuple[FieldDef, bool]], mode: str, key: tuple[Any, ...], serial: int
) -> Plan:
    slots = [
        Slot(
            field_id=fd.id,
            path=tuple(fd.json_path.split(".")),
            slash="/" + fd.id.replace(".", "/"),
            human=human_converter(fd, company),
            masked=masked,
        )
        for fd, masked in chosen
    ]
    # Slots in the nested layer's order make the two layers' holes line up: (*values, *values).
    nested = _template(slots)[1]
    slots = [slots[i] for i in nested] + [s for i, s in enumerate(slots) if i not in set(nested)]
    pieces, order = _template(slots)
    masked_at = tuple(i for i, slot in enumerate(slots) if slot.masked)
    aligned = order == tuple(range(len(slots)))
    return Plan(key, serial, tuple(slots), mode, tuple(s.field_id for s in slots), masked_at, tuple(pieces),
                None if aligned else order)  # fmt: skip


def _place(target: Values, path: tuple[str, ...], value: Any) -> None:
    node = target
    for part in path[:-1]:
        child = node.get(part)
        if not isinstance(child, dict):
            child = node[part] = {}
        node = child
    node[path[-1]] = value


def _shown(plan: Plan, values: list[Any]) -> list[Any]:
    return [
        None if v is None else v if slot.masked else slot.human(v)
        for v, slot in zip(values, plan.slots, strict=True)
    ]


def encode_employee(plan: Plan, values: Values) -> str:
    """One employee as JSON text in the three layers (plus the humanReadable node for APPEND)."""
    row = [values.get(f) for f in plan.field_ids]
    for i in plan.masked:
        if row[i] is not None:
            row[i] = mask(row[i])
    tail = ""
    if plan.mode == REPLACE:
        row = _shown(plan, row)
    elif plan.mode == APPEND:
        human: Values = {}
        for slot, shown in zip(plan.slots, _shown(plan, row), strict=True):
            if shown is not None:
                _place(human, slot.path, shown)
        tail = ("," if plan.slots else "") + '"humanReadable":' + dumps(human)
    encoded = [ENCODERS.get(type(v), dumps)(v) for v in row]
    nested = encoded if plan.nested_order is None else [encoded[i] for i in plan.nested_order]
    # Interleaving by slice assignment keeps the per-employee work in C.
    text: list[str] = [""] * (2 * len(plan.pieces) - 1)
    text[0::2] = plan.pieces
    text[1::2] = [*nested, *encoded, tail]
    return "".join(text)


def render_nested(plan: Plan, values: Values) -> Values:
    """Only the nested layer (the /profiles shape), machine values."""
    out: Values = {}
    for slot in plan.slots:
        value = values.get(slot.field_id)
        if slot.masked and value is not None:
            value = mask(value)
        _place(out, slot.path, value)
    return out


@dataclass(slots=True)
class Snapshot:
    """An employee as it was before its last write through the API (None: it did not exist yet)."""

    at: float
    values: Values | None
    version: int


@dataclass
class PeopleState:
    """Per-app render caches, metadata versions and the pre-write snapshots that read lag serves."""

    plans: OrderedDict[tuple[Any, ...], Plan] = field(default_factory=OrderedDict)
    encoded: OrderedDict[tuple[Any, ...], bytes] = field(default_factory=OrderedDict)
    encoded_bytes: int = 0
    meta_versions: dict[int, int] = field(default_factory=dict)
    snapshots: OrderedDict[tuple[int, str], Snapshot] = field(default_factory=OrderedDict)
    serials: itertools.count[int] = field(default_factory=itertools.count)

    def bump_metadata(self, company: Company) -> None:
        """Field or list changes: labels and paths may differ, so cached renders of this company go stale."""
        self.meta_versions[company.id] = self.meta_versions.get(company.id, 0) + 1

    def plan(self, company: Company, grants: Grants, field_ids: list[str] | None, mode: str) -> Plan:
        ids = field_ids if field_ids is not None else default_field_ids(company)
        chosen = readable_fields(company, grants, ids)
        key = (
            company.id,
            self.meta_versions.get(company.id, 0),
            mode,
            tuple((fd.id, masked) for fd, masked in chosen),
        )
        found = self.plans.get(key)
        if found is None:
            found = self.plans[key] = build_plan(company, chosen, mode, key, next(self.serials))
            if len(self.plans) > 256:
                self.plans.popitem(last=False)
        return found

    def remember(self, company: Company, employee: Employee | None, employee_id: str) -> None:
        """Record an employee's values before a write (None before a create), for read-after-write lag."""
        key = (company.id, employee_id)
        values = dict(employee.values) if employee is not None else None
        version = employee.version if employee is not None else -1
        self.snapshots.pop(key, None)
        self.snapshots[key] = Snapshot(time.monotonic(), values, version)
        while len(self.snapshots) > SNAPSHOTS_KEPT:
            self.snapshots.popitem(last=False)

    def view(self, company: Company, employee: Employee, lag: float) -> tuple[Values, int] | None:
        """The values (and version) a lagging read shows; None when the employee is not visible yet."""
        if lag > 0:
            snap = self.snapshots.get((company.id, employee.id))
            if snap is not None and time.monotonic() - snap.at < lag:
                return None if snap.values is None else (snap.values, snap.version)
        return employee.values, employee.version

    def encode(self, plan: Plan, employee_id: str, values: Values, version: int) -> bytes:
        """The employee's JSON bytes under this plan, from the cache when unchanged."""
        key = (employee_id, version, plan.serial)
        data = self.encoded.get(key)
        if data is not None:
            self.encoded.move_to_end(key)
        else:
            data = encode_employee(plan, values).encode()
            self.encoded[key] = data
            self.encoded_bytes += len(data)
            while self.encoded_bytes > CACHE_BUDGET and self.encoded:
                _, dropped = self.encoded.popitem(last=False)
                self.encoded_bytes -= len(dropped)
        return data


def people_state(state: State) -> PeopleState:
    """The app's PeopleState, created on first use."""
    found = getattr(state, "people", None)
    if not isinstance(found, PeopleState):
        found = PeopleState()
        state.people = found
    return found
