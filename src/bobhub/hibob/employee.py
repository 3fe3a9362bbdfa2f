"""HiBob's three-layer employee JSON read into one shape: values by field id, and which ids came back.

HiBob mixes three layers in one employee object (hibob-api-notes.md §5.2): root fields at the top
(`"firstName"`), nested category objects (`"work": {"department": …, "custom": {"field_1": …}}`) and flat
slash keys with value wrappers (`"/work/department": {"value": …}`), plus an optional `humanReadable`
node mirroring the nested layout. Slash keys name field ids exactly, so they win; nested objects are
read with the ids known from slash keys or field metadata, and otherwise one level deep (two under
`custom`). A field HiBob did not send is *hidden* (no permission, or not requested); a field sent as
null is *empty*: `returned` keeps them apart.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

HumanReadable = Literal["", "APPEND", "REPLACE"]
HUMAN_KEY = "humanReadable"
# HiBob nests custom fields one level deeper: "work": {"custom": {"field_1711886937296": …}}.
CONTAINERS = frozenset({"custom", "customColumns"})


@dataclass(frozen=True, slots=True)
class Employee:
    """One employee as HiBob returned it.

    `values` holds machine values and `human` display values, both by field id ("work.department");
    `returned` is every field id present in the answer (null or not); `requested` the ids asked for.
    """

    values: Mapping[str, Any]
    human: Mapping[str, Any] = field(default_factory=dict)
    returned: frozenset[str] = frozenset()
    requested: frozenset[str] = frozenset()

    @property
    def id(self) -> str:
        found = self.values.get("root.id", self.human.get("root.id"))
        return str(found) if found is not None else ""

    def get(self, field_id: str, default: Any = None) -> Any:
        return self.values.get(field_id, default)

    def is_hidden(self, field_id: str) -> bool:
        """True when HiBob left the field out: not permitted, unknown, or not requested."""
        return field_id not in self.returned

    def is_empty(self, field_id: str) -> bool:
        """True when HiBob sent the field without a value."""
        return field_id in self.returned and self.values.get(field_id) in (None, "", [], {})

    @property
    def hidden(self) -> frozenset[str]:
        """Requested fields HiBob did not send: hidden by permissions (or not valid ids)."""
        return self.requested - self.returned


def parse_employee(
    raw: Mapping[str, Any],
    *,
    known_ids: Iterable[str] = (),
    human_readable: HumanReadable = "",
    requested: Iterable[str] = (),
) -> Employee:
    """Read one employee object of `/people/search` or `/people/{id}`.

    `known_ids` (field ids from metadata or the request) make nested objects exact; `human_readable`
    is the mode the request asked for ("REPLACE" answers carry display values only).
    """
    slash_values, slash_human = _slash_layer(raw)
    known = set(known_ids) | set(slash_values)
    prefixes = {fid.rsplit(".", n)[0] for fid in known for n in range(1, fid.count("."))}
    prefixes |= {fid.split(".", 1)[0] for fid in known}
    values: dict[str, Any] = {}
    _walk_top(raw, known, prefixes, values)
    values.update(slash_values)
    human: dict[str, Any] = {}
    node = raw.get(HUMAN_KEY)
    if isinstance(node, Mapping):
        _walk_top(node, known, prefixes, human)
    human.update(slash_human)
    returned = frozenset(values)
    if human_readable == "REPLACE":
        values, human = {}, {**values, **human}
    return Employee(values=values, human=human, returned=returned, requested=frozenset(requested))


def _slash_layer(raw: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    values: dict[str, Any] = {}
    human: dict[str, Any] = {}
    for key, wrapped in raw.items():
        if not key.startswith("/"):
            continue
        fid = key.strip("/").replace("/", ".")
        if isinstance(wrapped, Mapping) and "value" in wrapped:
            values[fid] = wrapped["value"]
            if HUMAN_KEY in wrapped:
                human[fid] = wrapped[HUMAN_KEY]
        else:
            values[fid] = wrapped
    return values, human


def _walk_top(obj: Mapping[str, Any], known: set[str], prefixes: set[str], out: dict[str, Any]) -> None:
    for key, value in obj.items():
        if key.startswith("/") or key == HUMAN_KEY:
            continue
        if isinstance(value, Mapping) and f"root.{key}" not in known:
            _walk(key, value, known, prefixes, out)
        else:
            out[f"root.{key}"] = value


def _walk(
    path: str, obj: Mapping[str, Any], known: set[str], prefixes: set[str], out: dict[str, Any]
) -> None:
    for key, value in obj.items():
        fid = f"{path}.{key}"
        nested = fid in prefixes or key in CONTAINERS
        if isinstance(value, Mapping) and nested and fid not in known:
            _walk(fid, value, known, prefixes, out)
        else:
            out[fid] = value
