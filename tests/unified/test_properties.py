"""Property tests: real employee payloads, cut and garbled, always map; each field is hidden or present."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bobhub.hibob import parse_employee
from bobhub.hibob.models import FieldMetadata, NamedList
from bobhub.unified import mapping
from bobhub.unified.mapping.employees import SOURCES

SLOW_FIXTURES = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=6),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=6,
)


def world(client: httpx.Client) -> tuple[mapping.FieldCatalog, list[str], list[dict[str, Any]]]:
    """The account's catalog, every field id, and raw employee objects as /people/search returns them."""
    fields = [FieldMetadata.model_validate(f) for f in client.get("/company/people/fields").json()]
    lists = [NamedList.model_validate(n) for n in client.get("/company/named-lists").json()]
    ids = [f.id for f in fields]
    found = client.post("/people/search", json={"fields": ids, "showInactive": True}).json()["employees"]
    return mapping.FieldCatalog.from_metadata(fields, lists), ids, found[:20]


def leaves(obj: dict[str, Any], prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    out: list[tuple[str, ...]] = []
    for key, value in obj.items():
        path = (*prefix, key)
        out.extend(leaves(value, path) if isinstance(value, dict) and value else [path])
    return out


def edited(raw: dict[str, Any], path: tuple[str, ...], replace: Any, drop: bool) -> dict[str, Any]:
    head, *rest = path
    out = dict(raw)
    if rest and isinstance(out.get(head), dict):
        out[head] = edited(out[head], tuple(rest), replace, drop)
    elif drop:
        out.pop(head, None)
    else:
        out[head] = replace
    return out


def assert_hidden_or_present(emp: Any, catalog: mapping.FieldCatalog, returned: frozenset[str]) -> None:
    content = emp.content()
    for field_id, info in catalog.fields.items():
        shown = (
            field_id in content["custom_fields"]
            if info.custom
            else info.key in content["sections"].get(info.section, {})
        )
        path = f"custom_fields.{field_id}" if info.custom else f"sections.{info.section}.{info.key}"
        assert (path in emp.hidden_fields) != shown, path
    for name, sources in SOURCES.items():
        assert (name in emp.hidden_fields) == (not any(s in returned for s in sources)), name
        if name in emp.hidden_fields:
            assert content[name] is None


class TestRealPayloads:
    @SLOW_FIXTURES
    @given(data=st.data())
    def test_cut_and_garbled_employees_map(
        self, hibob: Callable[[str], httpx.Client], data: st.DataObject
    ) -> None:
        catalog, ids, people = world(hibob("full"))
        raw = data.draw(st.sampled_from(people))
        for path in data.draw(st.lists(st.sampled_from(leaves(raw)), max_size=12, unique=True)):
            raw = edited(raw, path, data.draw(JSON), drop=data.draw(st.booleans()))
        parsed = parse_employee(raw, known_ids=ids, requested=ids)
        emp = mapping.map_employee(parsed, catalog)
        assert_hidden_or_present(emp, catalog, parsed.returned)
        assert mapping.map_employee(parsed, catalog).content() == emp.content()

    def test_partial_preset_hides_rather_than_nulls(self, hibob: Callable[[str], httpx.Client]) -> None:
        catalog, ids, people = world(hibob("partial"))
        for raw in people:
            parsed = parse_employee(raw, known_ids=ids, requested=ids)
            emp = mapping.map_employee(parsed, catalog)
            assert_hidden_or_present(emp, catalog, parsed.returned)
            personal = [p for p in emp.hidden_fields if p.startswith("sections.personal.")]
            assert personal
            assert "personal" not in emp.content()["sections"]


class TestGarbage:
    @settings(max_examples=80, deadline=None)
    @given(
        raw=st.dictionaries(st.text(max_size=8), JSON, max_size=6),
        ids=st.lists(st.text(max_size=8), max_size=4),
    )
    def test_any_json_object_maps(self, raw: dict[str, Any], ids: list[str]) -> None:
        fields = [FieldMetadata(id=i or "x", category_id=i.partition(".")[0]) for i in ids]
        catalog = mapping.FieldCatalog.from_metadata(fields, [])
        parsed = parse_employee(raw, requested=ids)
        emp = mapping.map_employee(parsed, catalog)
        assert emp.content() == mapping.map_employee(parsed, catalog).content()

    @settings(max_examples=80, deadline=None)
    @given(
        item=st.dictionaries(
            st.sampled_from(
                ["requestId", "status", "changeType", "employeeId", "totalDuration", "startDate", "type", "x"]
            ),
            JSON,
        )
    )
    def test_any_request_or_balance_maps(self, item: dict[str, Any]) -> None:
        mapping.map_request(item)
        mapping.map_balance(item, "Holiday", "2026-01-01")
        mapping.map_document("1", item)
        mapping.map_policy("Holiday", item)
        for table in mapping.TABLE_MODELS:
            mapping.map_table_rows(table, "1", [item])
