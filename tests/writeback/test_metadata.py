"""Unified values turned into HiBob's: list labels to ids or names, country names, types checked."""

from __future__ import annotations

import pytest

from bobhub.errors import BadRequest
from bobhub.hibob.models import FieldMetadata, NamedList
from bobhub.writeback.countries import common_name
from bobhub.writeback.metadata import Metadata, same


def metadata() -> Metadata:
    fields = [
        FieldMetadata(
            id="work.department", categoryId="work", type="hierarchy-list", typeData={"listId": "department"}
        ),
        FieldMetadata(
            id="address.country", categoryId="address", type="list", typeData={"listId": "country"}
        ),
        FieldMetadata(id="work.startDate", categoryId="work", type="date"),
        FieldMetadata(id="home.numberOfKids", categoryId="home", type="number"),
    ]
    lists = [
        NamedList.model_validate(
            {
                "name": "department",
                "items": [
                    {"id": "10", "value": "Engineering", "children": [{"id": "11", "value": "Platform"}]},
                    {"id": "12", "value": "Legacy", "archived": True},
                ],
            }
        ),
        NamedList.model_validate(
            {
                "name": "country",
                "items": [{"id": "1", "value": "United Kingdom"}, {"id": "2", "value": "Germany"}],
            }
        ),
    ]
    return Metadata.build(fields, lists)


class TestCountries:
    @pytest.mark.parametrize(
        ("given", "name"),
        [("UK", "United Kingdom"), ("gb", "United Kingdom"), ("USA", "United States"), ("DE", "Germany"),
         ("Deutschland", "Germany"), (" Germany ", "Germany"), ("Atlantis", "Atlantis")],
    )  # fmt: skip
    def test_codes_and_alternatives_become_hibobs_common_name(self, given: str, name: str):
        assert common_name(given) == name


class TestConvert:
    def test_a_label_is_the_item_name_on_create_and_its_id_on_update(self):
        meta = metadata()
        created = meta.convert("work.department", "platform", "department", by_label=True)
        updated = meta.convert("work.department", "Platform", "department", by_label=False)
        assert (created.sent, created.expected) == ("Platform", "11")
        assert (updated.sent, updated.expected) == ("11", "11")
        assert meta.convert("work.department", "10", "department", by_label=False).sent == "10"

    def test_a_country_code_resolves_through_the_accounts_list(self):
        assert metadata().convert("address.country", "DE", "country", by_label=False).sent == "2"

    @pytest.mark.parametrize(
        ("field_id", "value", "message"),
        [
            ("work.department", "Legacy", "department: 'Legacy' is not in HiBob's department list"),
            ("address.country", "FR", "department: 'France' is not in HiBob's country list"),
            ("work.startDate", "tomorrow", "department: a date (YYYY-MM-DD) is expected"),
            ("home.numberOfKids", "two", "department: a number is expected"),
            ("root.shoeSize", 44, "department: this HiBob account has no field root.shoeSize"),
        ],
    )
    def test_refusals_name_the_field(self, field_id: str, value: object, message: str):
        with pytest.raises(BadRequest) as refused:
            metadata().convert(field_id, value, "department", by_label=False)
        assert refused.value.message.startswith(message)


class TestSame:
    @pytest.mark.parametrize(
        ("actual", "expected", "equal"),
        [(1000043, "1000043", True), ({"id": "7", "email": "a@b"}, "7", True), (["2", "1"], ["1", "2"], True),
         ({"value": 85000, "currency": "GBP"}, {"value": 85000.0, "currency": "GBP"}, True), (None, "", True),
         ("Ada", "Grace", False), ("40", 40.5, False)],
    )  # fmt: skip
    def test_read_values_match_written_ones(self, actual: object, expected: object, equal: bool):
        assert same(actual, expected) is equal
