"""HiBob's OpenAPI 3.0 spec (tests/data) turned into JSON Schemas that validate the sandbox's response bodies.

The spec is loaded once. An operation is found by method and path template (parameter names do not matter:
`/people/{id}` matches `/people/{identifier}`), its response schema for a status is converted to JSON Schema
Draft 2020-12 and a body is validated against it; a mismatch raises AssertionError listing where and why.

Spec-wide artefacts the conversion compensates for are listed in SPEC_WIDE_ARTEFACTS. For operations whose
schema is unsound (tests/sandbox/test_openapi_conformance.py says which and why), the end of this module
holds HiBob's real shapes from hibob-api-notes: the error body, the three-layer employee, a bulk page.
"""

from __future__ import annotations

import copy
import functools
import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final

import yaml
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError

SPEC_FILE: Final = Path(__file__).parent / "data" / "hibob-public-api.generated.yml"
METHODS: Final = ("get", "put", "post", "delete", "patch")

SPEC_WIDE_ARTEFACTS: Final = (
    (
        "null values",
        "The spec marks nothing nullable (one `nullable` in 620 KB), yet HiBob sends null for empty values: "
        "field metadata `description: null`, custom fields `{field_…: null}`, `next_cursor: null` "
        "(hibob-api-notes §4, §5.1). So every property also accepts null, except the arrays among the "
        "body's own keys (`employees`, `values`, `outs`: the envelope), array items and the body itself "
        "(pass strict_nulls=True to check exactly).",
    ),
    (
        "formats",
        "Only `date` is asserted. HiBob's `date-time` values carry no offset ('2024-03-27T09:12:21.680867' "
        "in the spec's own examples), which RFC 3339 rejects; `uuid` sits on employee ids that are numeric "
        "strings ('3332883884017713938'); long/double/int64/boolean/string/binary assert nothing.",
    ),
)

# OpenAPI-only keywords; Draft 2020-12 would ignore most of them, but `examples` must be an array there.
_DROPPED: Final = frozenset(
    {"example", "examples", "xml", "discriminator", "externalDocs", "deprecated", "readOnly", "writeOnly"}
)
_SCHEMA_LISTS: Final = ("allOf", "anyOf", "oneOf")
_SCHEMA_VALUES: Final = ("items", "not", "additionalProperties")
_FORMATS: Final = FormatChecker(formats=["date"])


@functools.cache
def load_spec() -> dict[str, Any]:
    """The parsed spec, parsed once per process (libyaml's loader: ~0.1 s instead of ~0.8 s)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with SPEC_FILE.open(encoding="utf-8") as fh:
        spec: dict[str, Any] = yaml.load(fh, Loader=loader)
    return spec


def normalise(template: str) -> str:
    """A path template with `/v1` and parameter names removed: `/v1/people/{id}` → `/people/{}`."""
    path = template.removeprefix("/v1").rstrip("/") or "/"
    return re.sub(r"\{[^}]*\}", "{}", path)


@functools.cache
def _index() -> dict[tuple[str, str], str]:
    return {
        (method, normalise(path)): path
        for path, item in load_spec()["paths"].items()
        for method in METHODS
        if method in item
    }


def spec_path(method: str, template: str) -> str | None:
    """The spec's own path template for this operation, or None when the spec lacks it."""
    return _index().get((method.lower(), normalise(template)))


def operation(method: str, template: str) -> dict[str, Any]:
    """The spec's operation object; AssertionError when the spec has no such operation."""
    path = spec_path(method, template)
    assert path is not None, f"{method.upper()} {template} is not in HiBob's OpenAPI spec"
    op: dict[str, Any] = load_spec()["paths"][path][method.lower()]
    return op


def documented_statuses(method: str, template: str) -> frozenset[str]:
    """The response keys the spec documents for the operation, e.g. {"200", "404", "default"}."""
    return frozenset(str(code) for code in operation(method, template).get("responses", {}))


def _response_key(method: str, template: str, status: int) -> str:
    documented = documented_statuses(method, template)
    for key in (str(status), f"{status // 100}XX", "default"):
        if key in documented:
            return key
    raise AssertionError(
        f"{method.upper()} {template}: status {status} is not documented (spec has {sorted(documented)})"
    )


def response_schema(method: str, template: str, status: int) -> dict[str, Any] | None:
    """The raw OpenAPI schema of the JSON response for a status, or None when the spec gives none."""
    response = operation(method, template)["responses"][_response_key(method, template, status)]
    content = response.get("content") or {}
    media: dict[str, Any] = content.get("application/json") or next(iter(content.values()), {})
    schema = media.get("schema")
    return copy.deepcopy(schema) if schema is not None else None


def to_json_schema(schema: Mapping[str, Any], *, nullable_properties: bool = False) -> dict[str, Any]:
    """Convert an OpenAPI 3.0 schema to Draft 2020-12: inline $refs, map `nullable`, drop OpenAPI-only keys.

    With `nullable_properties`, properties accept null too, save the envelope's arrays (SPEC_WIDE_ARTEFACTS).
    """
    converted = _Converter(load_spec(), nullable_properties).convert(schema, ())
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **converted}


class _Converter:
    def __init__(self, spec: Mapping[str, Any], nullable_properties: bool) -> None:
        self.spec = spec
        self.lax = nullable_properties

    def convert(self, node: Mapping[str, Any], refs: tuple[str, ...], depth: int = 0) -> dict[str, Any]:
        """`depth` counts the `properties` levels above `node`: 1 for the body's own keys."""
        if "$ref" in node:
            ref = str(node["$ref"])
            assert ref not in refs, f"recursive $ref {ref} is not supported"
            return self.convert(_resolve(ref, self.spec), (*refs, ref), depth)
        out: dict[str, Any] = {}
        for key, value in node.items():
            if key in _DROPPED or key == "nullable" or key.startswith("x-"):
                continue
            if key == "properties":
                out[key] = {name: self.property(sub, refs, depth + 1) for name, sub in value.items()}
            elif key in _SCHEMA_LISTS:
                out[key] = [self.convert(sub, refs, depth) for sub in value]
            elif key in _SCHEMA_VALUES and isinstance(value, Mapping):
                out[key] = self.convert(value, refs, depth)
            else:
                out[key] = copy.deepcopy(value)
        return or_null(out) if node.get("nullable") is True else out

    def property(self, node: Mapping[str, Any], refs: tuple[str, ...], depth: int) -> dict[str, Any]:
        converted = self.convert(node, refs, depth)
        envelope = depth == 1 and converted.get("type") == "array"
        return or_null(converted) if self.lax and not envelope else converted


def or_null(schema: dict[str, Any]) -> dict[str, Any]:
    """The same schema also accepting null (OpenAPI's `nullable: true`)."""
    kind = schema.get("type")
    if isinstance(kind, str):
        schema = {**schema, "type": [kind, "null"]}
    elif isinstance(kind, list):
        schema = {**schema, "type": [*kind, "null"] if "null" not in kind else kind}
    elif any(key in schema for key in (*_SCHEMA_LISTS, "enum", "not")):
        return {"anyOf": [schema, {"type": "null"}]}
    if "enum" in schema and None not in schema["enum"]:
        schema["enum"] = [*schema["enum"], None]
    return schema


def _resolve(ref: str, spec: Mapping[str, Any]) -> Mapping[str, Any]:
    assert ref.startswith("#/"), f"only local $refs are supported, got {ref}"
    node: Any = spec
    for part in ref[2:].split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    assert isinstance(node, Mapping), f"$ref {ref} does not point at a schema"
    return node


def replace_at(schema: dict[str, Any], pointer: str, replacement: Any) -> dict[str, Any]:
    """A copy of `schema` whose value at a JSON pointer (`/properties/x/items`) is `replacement`."""
    result = copy.deepcopy(schema)
    *parents, last = [part.replace("~1", "/").replace("~0", "~") for part in pointer.strip("/").split("/")]
    node: Any = result
    try:
        for part in parents:
            node = node[int(part)] if isinstance(node, list) else node[part]
    except (KeyError, IndexError, ValueError) as exc:
        raise AssertionError(f"{pointer} is not in the schema") from exc
    node[int(last) if isinstance(node, list) else last] = copy.deepcopy(replacement)
    return result


def validate(schema: Mapping[str, Any], body: object, where: str) -> None:
    """Validate `body` against a JSON Schema; AssertionError naming each mismatch's location."""
    errors = sorted(Draft202012Validator(schema, format_checker=_FORMATS).iter_errors(body), key=_error_order)
    if errors:
        lines = [f"{where}: {len(errors)} schema mismatch(es)", *(_describe(e) for e in errors[:8])]
        raise AssertionError("\n  ".join(lines))


def validate_response(
    method: str,
    template: str,
    status: int,
    body: object,
    *,
    overrides: Mapping[str, Any] | None = None,
    strict_nulls: bool = False,
) -> None:
    """Validate a response body against the spec's schema for (method, template, status).

    Raises AssertionError when the operation or status is undocumented or the body does not match. When the
    spec documents the status without a body schema there is nothing to check. `overrides` maps JSON pointers
    in the converted schema to replacement values, for a documented artefact of one operation.
    """
    raw = response_schema(method, template, status)
    if raw is None:
        return
    schema = to_json_schema(raw, nullable_properties=not strict_nulls)
    for pointer, replacement in (overrides or {}).items():
        schema = replace_at(schema, pointer, replacement)
    validate(schema, body, f"{method.upper()} {template} → {status}")


def _error_order(error: ValidationError) -> tuple[int, str]:
    return (len(error.absolute_path), json.dumps(list(error.absolute_path), default=str))


def _describe(error: ValidationError) -> str:
    path = "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path)
    got = _clip(json.dumps(error.instance, default=str), 120)
    return f"at {path}: {_clip(error.message, 200)} (got {got})"


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


# HiBob's own shapes, for the operations where the spec's schema cannot judge a body (hibob-api-notes).
ERROR_BODY: Final = {
    "type": "object",
    "required": ["key", "error"],
    "properties": {"key": {"type": "string"}, "error": {"type": "string"}},
}
_SLASH_KEY: Final = re.compile(r"^/([^/]+)/(.+)$")
_ROOT_KEYS: Final = ("email", "firstName", "surname", "displayName", "fullName", "secondName", "avatarUrl",
                     "coverImageUrl", "creationDate", "creationDateTime", "state")  # fmt: skip
EMPLOYEE: Final = {
    "type": "object",
    "required": ["id"],
    "properties": {
        "id": {"type": "string"},
        **{key: {"type": ["string", "null"]} for key in _ROOT_KEYS},
        "companyId": {"type": ["integer", "string"]},  # a number; its display value under humanReadable
        "humanReadable": {"type": "object"},
    },
    "patternProperties": {
        "^/": {
            "type": "object",
            "required": ["value"],
            "properties": {"value": {}},
            "additionalProperties": False,
        }
    },
    "additionalProperties": {"type": "object"},  # the nested category objects
}


def obj(**props: Any) -> dict[str, Any]:
    """An object schema requiring exactly the given properties (others allowed)."""
    return {"type": "object", "properties": props, "required": list(props)}


def check_employee(employee: Any, where: str) -> None:
    """One employee in the three layers of notes §5.2, each flat `/category/field` key equal to its twin.

    Root fields sit at the top (`id`, `email`, ...), other fields in category objects (`work: {...}`), and
    every field again under a flat key holding `{value}`.
    """
    validate(EMPLOYEE, employee, where)
    for key, wrapped in employee.items():
        match = _SLASH_KEY.match(key)
        if match is None:
            continue
        category, rest = match.groups()
        node: Any = employee
        for part in rest.split("/") if category == "root" else [category, *rest.split("/")]:
            assert part in (node if isinstance(node, Mapping) else {}), f"{where}: {key} has no nested twin"
            node = node[part]
        assert node == wrapped["value"], (
            f"{where}: {key} holds {wrapped['value']!r}, its nested twin {node!r}"
        )


def check_employees(body: Any, where: str) -> None:
    """`{employees: [...]}` of three-layer employees (people search and read by id)."""
    validate(obj(employees={"type": "array", "items": {"type": "object"}}), body, where)
    for n, employee in enumerate(body["employees"]):
        check_employee(employee, f"{where} employees[{n}]")


def bulk_schema(table: str) -> dict[str, Any]:
    """A bulk table page as the pagination docs describe it, each row judged by the per-employee schema."""
    single = response_schema("GET", f"/people/{{id}}/{table}", 200)
    assert single is not None, f"the spec has no schema for GET /people/{{id}}/{table}"
    row = to_json_schema(single, nullable_properties=True)["properties"]["values"]["items"]
    text = {"type": "string"}
    return obj(
        results={"type": "array", "items": obj(employeeId=text, values={"type": "array", "items": row})},
        response_metadata=obj(next_cursor={"type": ["string", "null"]}),
        errors={"type": "array", "items": obj(employeeId=text, error=text, message=text)},
    )


_WORK: Final = "/properties/work/anyOf/0/properties"
# The people variants' own artefacts, fixed in the spec's schema (the conformance tests' EXCEPTIONS say why).
_VARIANT_FIXES: Final = (
    {f"{_WORK}/startDate": {"type": "string"}, f"{_WORK}/shortStartDate": {"type": "string"}},
    {f"{_WORK}/custom": {"type": "object"}, f"{_WORK}/isManager": {"type": "boolean"}},
)


def people_variants(template: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The (human-readable, machine) employee variants of a people operation's merged oneOf, fixed."""
    raw = response_schema("POST", template, 200) or {}
    many = "properties" in raw
    variants = "/properties/employees/items/oneOf" if many else "/oneOf"
    for n, fixes in enumerate(_VARIANT_FIXES):
        for pointer, fix in fixes.items():
            raw = replace_at(raw, f"{variants}/{n}{pointer}", fix)
    schema = to_json_schema(raw, nullable_properties=True)
    readable, machine = (schema["properties"]["employees"]["items"] if many else schema)["oneOf"]
    return readable, machine


def check_people(template: str, mode: str, body: Any, where: str) -> None:
    """A people response: the three layers, and each employee against its humanReadable mode's variant.

    `/people` (create) answers one employee, the reads `{employees: [...]}`; under APPEND the employee's
    `humanReadable` node must match the readable variant.
    """
    readable, machine = people_variants(template)
    many = template != "/people"
    (check_employees if many else check_employee)(body, where)
    for n, employee in enumerate(body["employees"] if many else [body]):
        validate(readable if mode == "REPLACE" else machine, employee, f"{where} employee {n}")
        if mode == "APPEND":
            validate(readable, employee.get("humanReadable"), f"{where} employee {n} humanReadable")
