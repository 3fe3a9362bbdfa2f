"""The employee parser: HiBob's three-layer JSON gives back exactly the values and field ids that went in."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from bobhub.hibob.employee import parse_employee

CATEGORIES = ("work", "about", "personal", "payroll", "category_1720508362305")
RESERVED = {"custom", "customColumns", "humanReadable", "id", *CATEGORIES}

names = st.from_regex(r"[a-z][a-zA-Z0-9]{0,8}", fullmatch=True).filter(lambda n: n not in RESERVED)
scalars = st.none() | st.booleans() | st.integers() | st.text(max_size=8)
money = st.fixed_dictionaries({"value": st.integers(0, 10**6), "currency": st.sampled_from(["USD", "EUR"])})
field_values = scalars | st.lists(st.text(max_size=5), max_size=3) | money

root_ids = names.map(lambda n: f"root.{n}")
category_ids = st.tuples(st.sampled_from(CATEGORIES), names).map(lambda t: f"{t[0]}.{t[1]}")
custom_ids = st.tuples(st.sampled_from(CATEGORIES), st.integers(1, 10**13)).map(
    lambda t: f"{t[0]}.custom.field_{t[1]}"
)
deep_ids = st.tuples(st.sampled_from(CATEGORIES), names, names).map(lambda t: f"{t[0]}.{t[1]}.{t[2]}")


def _no_prefix_clash(ids: dict[str, Any]) -> bool:
    """No field id may also be the parent of another (HiBob's ids form a tree of leaves)."""
    return not any(other.startswith(fid + ".") for fid in ids for other in ids)


def employees(ids: st.SearchStrategy[str], root_values: st.SearchStrategy[Any] = field_values) -> Any:
    other = st.dictionaries(ids, field_values, max_size=12)
    roots = st.dictionaries(root_ids, root_values, max_size=5)
    return st.tuples(roots, other).map(lambda t: {**t[0], **t[1]}).filter(_no_prefix_clash)


def nested(values: dict[str, Any]) -> dict[str, Any]:
    """Root fields at the top, the others inside their category objects (HiBob's layers 1 and 2)."""
    out: dict[str, Any] = {}
    for fid, value in values.items():
        category, *rest = fid.split(".")
        if category == "root":
            out[rest[0]] = value
            continue
        node = out.setdefault(category, {})
        for part in rest[:-1]:
            node = node.setdefault(part, {})
        node[rest[-1]] = value
    return out


def slash(values: dict[str, Any]) -> dict[str, Any]:
    """HiBob's layer 3: "/category/field": {"value": …}."""
    return {"/" + fid.replace(".", "/"): {"value": value} for fid, value in values.items()}


@given(employees(category_ids | custom_ids | deep_ids))
def test_slash_keys_alone_give_every_value(values: dict[str, Any]) -> None:
    employee = parse_employee(slash(values))
    assert dict(employee.values) == values
    assert employee.returned == set(values)


@given(employees(category_ids | custom_ids | deep_ids))
def test_all_three_layers_together_give_every_value_once(values: dict[str, Any]) -> None:
    employee = parse_employee({**nested(values), **slash(values)})
    assert dict(employee.values) == values
    assert employee.returned == set(values)


@given(employees(category_ids | custom_ids | deep_ids))
def test_nested_objects_read_exactly_with_known_ids(values: dict[str, Any]) -> None:
    employee = parse_employee(nested(values), known_ids=values)
    assert dict(employee.values) == values


@given(employees(category_ids | custom_ids, root_values=scalars))
def test_nested_objects_read_without_metadata(values: dict[str, Any]) -> None:
    employee = parse_employee(nested(values))
    assert dict(employee.values) == values
    assert employee.returned == set(values)


@given(employees(category_ids | custom_ids), st.sets(category_ids, max_size=5))
def test_hidden_fields_are_requested_ids_not_returned_and_nulls_are_empty(
    values: dict[str, Any], extra: set[str]
) -> None:
    missing = {fid for fid in extra if fid not in values}
    employee = parse_employee(slash(values), requested=[*values, *missing])
    assert employee.hidden == missing
    for fid, value in values.items():
        assert not employee.is_hidden(fid)
        assert employee.is_empty(fid) == (value in (None, "", [], {}))
    for fid in missing:
        assert employee.is_hidden(fid)
        assert not employee.is_empty(fid)


@given(employees(category_ids | custom_ids, root_values=scalars))
def test_human_readable_node_reads_like_the_nested_layer(values: dict[str, Any]) -> None:
    shown = {fid: f"shown {i}" for i, fid in enumerate(values) if values[fid] is not None}
    raw = {**nested(values), **slash(values), "humanReadable": nested(shown)}
    employee = parse_employee(raw, human_readable="APPEND")
    assert dict(employee.values) == values
    assert dict(employee.human) == shown


@given(employees(category_ids | custom_ids, root_values=scalars))
def test_replace_mode_puts_display_values_in_human(values: dict[str, Any]) -> None:
    employee = parse_employee({**nested(values), **slash(values)}, human_readable="REPLACE")
    assert employee.values == {}
    assert dict(employee.human) == values
    assert employee.returned == set(values)


def test_hibob_documented_append_example() -> None:
    raw = {
        "/root/creationDate": {"value": "2019-09-08"},
        "fullName": "Alan Tullins",
        "creationDate": "2019-09-08",
        "work": {"department": "209192163", "custom": {"field_1711886937296": None}},
        "/root/fullName": {"value": "Alan Tullins"},
        "/work/department": {"value": "209192163"},
        "humanReadable": {
            "fullName": "Alan Tullins",
            "creationDate": "08/09/2019",
            "work": {"department": "Account Receivables"},
        },
        "id": "2128438031986721630",
    }
    employee = parse_employee(raw, human_readable="APPEND", requested=["root.fullName", "personal.birthDate"])
    assert employee.id == "2128438031986721630"
    assert employee.get("work.department") == "209192163"
    assert employee.human["work.department"] == "Account Receivables"
    assert employee.human["root.creationDate"] == "08/09/2019"
    assert employee.is_empty("work.custom.field_1711886937296")
    assert employee.hidden == {"personal.birthDate"}


def test_reports_to_object_stays_one_value_and_nested_payroll_follows_slash_keys() -> None:
    raw = {
        "work": {"reportsTo": {"id": "7", "email": "boss@example.com"}},
        "payroll": {"employment": {"type": "Full-time"}},
        "/payroll/employment/type": {"value": "Full-time"},
    }
    employee = parse_employee(raw)
    assert employee.get("work.reportsTo") == {"id": "7", "email": "boss@example.com"}
    assert employee.returned == {"work.reportsTo", "payroll.employment.type"}
