"""The OpenAPI loader used by the conformance tests: lookup, conversion to JSON Schema, validation."""

from __future__ import annotations

from typing import Any

import pytest

from tests.openapi_spec import (
    bulk_schema,
    check_people,
    documented_statuses,
    load_spec,
    normalise,
    operation,
    replace_at,
    response_schema,
    spec_path,
    to_json_schema,
    validate,
    validate_response,
)

POLICY_TYPES_SCHEMA = "#/paths/~1timeoff~1policy-types/get/responses/200/content/application~1json/schema"


class TestLookup:
    def test_spec_is_parsed_once_and_holds_every_path(self) -> None:
        spec = load_spec()
        assert load_spec() is spec
        assert spec["openapi"] == "3.0.1"
        assert len(spec["paths"]) == 89
        operations = [
            m for item in spec["paths"].values() for m in item if m in {"get", "post", "put", "delete"}
        ]
        assert len(operations) == 110

    def test_parameter_names_and_the_v1_prefix_do_not_matter(self) -> None:
        assert normalise("/v1/people/{id}/work/{entry_id}/") == "/people/{}/work/{}"
        assert spec_path("POST", "/v1/people/{id}") == "/people/{identifier}"
        assert spec_path("post", "/people/search") == "/people/search"

    def test_unknown_operation_is_none_and_asserting_lookups_fail(self) -> None:
        assert spec_path("GET", "/people") is None
        with pytest.raises(AssertionError, match="GET /people is not in HiBob's OpenAPI spec"):
            operation("GET", "/people")

    def test_documented_statuses(self) -> None:
        assert documented_statuses("PUT", "/people/{id}") == {"200", "304"}
        assert documented_statuses("GET", "/profiles") == {"200", "default"}

    def test_documented_status_without_schema_has_none(self) -> None:
        assert response_schema("DELETE", "/docs/people/{id}/shared/{docId}", 200) is None
        validate_response("DELETE", "/docs/people/{id}/shared/{docId}", 200, None)


class TestConversion:
    def test_nullable_becomes_a_type_list_and_extends_an_enum(self) -> None:
        schema = to_json_schema(
            {
                "type": "object",
                "properties": {
                    "name": {"type": "string", "nullable": True},
                    "unit": {"type": "string", "enum": ["days", "hours"], "nullable": True},
                    "reportsTo": {"allOf": [{"type": "object"}], "nullable": True},
                },
            }
        )
        props = schema["properties"]
        assert props["name"] == {"type": ["string", "null"]}
        assert props["unit"] == {"type": ["string", "null"], "enum": ["days", "hours", None]}
        assert props["reportsTo"] == {"anyOf": [{"allOf": [{"type": "object"}]}, {"type": "null"}]}
        validate(schema, {"name": None, "unit": None, "reportsTo": None}, "nullable")

    def test_openapi_only_keywords_are_dropped_but_properties_of_that_name_kept(self) -> None:
        schema = to_json_schema(
            {
                "type": "object",
                "example": {"x": 1},
                "x-readme-ref-name": "Thing",
                "discriminator": {"propertyName": "kind"},
                "properties": {"example": {"type": "string", "xml": {"name": "e"}, "examples": ["a"]}},
            }
        )
        assert schema == {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "type": "object",
            "properties": {"example": {"type": "string"}},
        }

    def test_ref_is_resolved_inside_the_spec(self) -> None:
        schema = to_json_schema({"type": "object", "properties": {"types": {"$ref": POLICY_TYPES_SCHEMA}}})
        assert schema["properties"]["types"]["properties"]["policyTypes"]["items"] == {"type": "string"}

    def test_lax_nulls_accept_null_values_but_not_a_null_envelope(self) -> None:
        body = {"name": "Holiday", "description": None, "allowance": None}
        validate_response("GET", "/timeoff/policies", 200, body)
        with pytest.raises(AssertionError, match=r"\$\.description: None is not of type 'string'"):
            validate_response("GET", "/timeoff/policies", 200, body, strict_nulls=True)
        with pytest.raises(AssertionError, match=r"\$\.yosIncrease: None is not of type 'array'"):
            validate_response("GET", "/timeoff/policies", 200, {"yosIncrease": None})
        profile = {"id": "1", "about": {"hobbies": None}, "work": {"reportsTo": None}}
        validate_response("GET", "/profiles", 200, {"employees": [profile]})
        with pytest.raises(AssertionError, match=r"\$\.employees\[0\]: None is not of type 'object'"):
            validate_response("GET", "/profiles", 200, {"employees": [None]})

    def test_replace_at_swaps_one_sub_schema(self) -> None:
        schema = to_json_schema({"type": "object", "properties": {"id": {"type": "integer"}}})
        patched = replace_at(schema, "/properties/id", {"type": "string"})
        assert patched["properties"]["id"] == {"type": "string"}
        assert schema["properties"]["id"] == {"type": "integer"}
        with pytest.raises(AssertionError, match="is not in the schema"):
            replace_at(schema, "/properties/missing/items", {})


class TestValidation:
    def test_a_failing_body_names_the_location_and_the_value(self) -> None:
        with pytest.raises(AssertionError) as err:
            validate_response("GET", "/timeoff/policy-types", 200, {"policyTypes": ["Holiday", 7]})
        message = str(err.value)
        assert message.startswith("GET /timeoff/policy-types → 200: 1 schema mismatch(es)")
        assert "at $.policyTypes[1]: 7 is not of type 'string' (got 7)" in message

    def test_dates_are_checked_and_other_formats_are_not(self) -> None:
        validate_response(
            "GET", "/timeoff/employees/{id}/balance", 200, {"employeeId": "1", "pointInTime": "2024-01-31"}
        )
        with pytest.raises(AssertionError, match=r"\$\.pointInTime: '31/01/2024' is not a 'date'"):
            validate_response("GET", "/timeoff/employees/{id}/balance", 200, {"pointInTime": "31/01/2024"})
        # `uuid` on numeric employee ids and offset-less date-times are spec artefacts (SPEC_WIDE_ARTEFACTS).
        change = {"employeeId": "3332883884017713938", "createdOn": "2024-03-27T09:12:21.680867"}
        validate_response("GET", "/timeoff/requests/changes", 200, {"changes": [change]})

    def test_undocumented_status_fails_and_default_covers_errors(self) -> None:
        with pytest.raises(AssertionError, match=r"status 201 is not documented \(spec has \['200'\]\)"):
            validate_response("GET", "/tasks", 201, {"tasks": []})
        validate_response("GET", "/profiles", 404, {"key": "not_found", "error": "Employee not found"})
        with pytest.raises(AssertionError, match=r"\$\.error: 404 is not of type 'string'"):
            validate_response("GET", "/profiles", 404, {"key": "not_found", "error": 404})


class TestHibobShapes:
    EMPLOYEE = {
        "id": "1",
        "companyId": 7,
        "work": {"department": "209192163", "isManager": True, "custom": {"field_1711886937296": None}},
        "/root/id": {"value": "1"},
        "/work/department": {"value": "209192163"},
    }

    def test_a_three_layer_employee_passes_the_fixed_machine_variant(self) -> None:
        check_people("/people/search", "", {"employees": [self.EMPLOYEE]}, "search")
        check_people("/people", "", self.EMPLOYEE, "create")

    def test_a_flat_key_must_equal_its_nested_twin(self) -> None:
        twin_differs = {**self.EMPLOYEE, "/work/department": {"value": "1"}}
        with pytest.raises(AssertionError, match="/work/department holds '1', its nested twin '209192163'"):
            check_people("/people/search", "", {"employees": [twin_differs]}, "search")
        with pytest.raises(AssertionError, match="/work/title has no nested twin"):
            check_people(
                "/people/search", "", {"employees": [{**self.EMPLOYEE, "/work/title": {"value": "x"}}]}, "s"
            )

    def test_append_needs_a_readable_node(self) -> None:
        with pytest.raises(AssertionError, match=r"humanReadable: 1 schema mismatch"):
            check_people("/people/search", "APPEND", {"employees": [self.EMPLOYEE]}, "search")
        readable = {
            **self.EMPLOYEE,
            "humanReadable": {"work": {"department": "Finance", "startDate": "01/05/2015"}},
        }
        check_people("/people/search", "APPEND", {"employees": [readable]}, "search")

    def test_a_bulk_page_judges_rows_by_the_single_table_schema(self) -> None:
        row: dict[str, Any] = {"id": 5, "effectiveDate": "2024-01-01"}
        page = {"results": [{"employeeId": "1", "values": [row]}], "response_metadata": {"next_cursor": None}}
        validate(bulk_schema("lifecycle"), {**page, "errors": []}, "bulk")
        row["effectiveDate"] = "01/01/2024"
        with pytest.raises(AssertionError, match=r"effectiveDate: '01/01/2024' is not a 'date'"):
            validate(bulk_schema("lifecycle"), {**page, "errors": []}, "bulk")
