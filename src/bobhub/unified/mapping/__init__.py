"""HiBob → unified mapping, tolerant of unknown fields, nulls anywhere and list ids that no longer exist."""

from bobhub.unified.mapping.catalog import FieldCatalog
from bobhub.unified.mapping.company import (
    custom_fields,
    map_custom_field,
    map_document,
    map_locations,
    map_named_lists,
)
from bobhub.unified.mapping.employees import map_employee
from bobhub.unified.mapping.status import access_status, employment_status, gender
from bobhub.unified.mapping.tables import MODELS as TABLE_MODELS
from bobhub.unified.mapping.tables import map_table_rows
from bobhub.unified.mapping.timeoff import map_balance, map_policy, map_request

__all__ = [
    "TABLE_MODELS",
    "FieldCatalog",
    "access_status",
    "employment_status",
    "gender",
    "custom_fields",
    "map_balance",
    "map_custom_field",
    "map_document",
    "map_employee",
    "map_locations",
    "map_named_lists",
    "map_policy",
    "map_request",
    "map_table_rows",
]
