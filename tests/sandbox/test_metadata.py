"""Metadata over real HTTP: field metadata and its writes, named lists and their items, wizards, tables.

Writes add their own fields and list items and remove or restore them, so the shared company is unchanged.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from bobhub.sandbox.model import Company
from bobhub.sandbox.state import ServiceUser

Hibob = Callable[[str], httpx.Client]
User = Callable[[str], ServiceUser]
METADATA_KEYS = {"id", "categoryId", "categoryDisplayName", "category", "name", "description", "jsonPath",
                 "type", "typeData", "historical"}  # fmt: skip
_serial = itertools.count(1)


def company_of(user: User) -> Company:
    return user("full").company


def new_field(client: httpx.Client, **spec: Any) -> str:
    body = {"name": f"Shoe size {next(_serial)}", "category": "home", "type": "number", **spec}
    response = client.post("/company/people/fields", json=body)
    assert response.status_code == 200, response.text
    field_id: str = response.json()["id"]
    return field_id


class TestFields:
    def test_every_field_with_its_category_even_without_permissions(self, hibob: Hibob, user: User) -> None:
        company = company_of(user)
        fields = hibob("empty").get("/company/people/fields").json()
        assert {f["id"] for f in fields} == set(company.fields)
        assert all(set(f) == METADATA_KEYS for f in fields)
        email = next(f for f in fields if f["id"] == "root.email")
        assert (email["categoryId"], email["categoryDisplayName"], email["jsonPath"]) == (
            "workContact", "Work contact details", "email",
        )  # fmt: skip
        custom = {f["categoryId"] for f in fields if ".custom." in f["id"]}
        assert {"work", "payroll", "category_1720508362305"} <= custom
        title = next(f for f in fields if f["id"] == "work.title")
        assert (title["typeData"], title["historical"]) == ({"listId": "title"}, True)

    def test_create_write_read_rename_and_delete_a_custom_field(self, hibob: Hibob) -> None:
        client = hibob("full")
        field_id = new_field(client, description="EU sizes")
        assert re.fullmatch(r"home\.custom\.field_\d+", field_id)
        meta = next(f for f in client.get("/company/people/fields").json() if f["id"] == field_id)
        assert (meta["categoryId"], meta["jsonPath"], meta["type"]) == ("home", field_id, "number")
        someone = client.post("/people/search", json={"fields": ["root.id"]}).json()["employees"][0]["id"]
        update = {"home": {"custom": {field_id.rsplit(".", 1)[1]: 44}}}
        assert hibob("full").put(f"/people/{someone}", json=update).status_code == 200
        read = client.post(f"/people/{someone}", json={"fields": [field_id]}).json()["employees"][0]
        assert read["home"]["custom"] == {field_id.rsplit(".", 1)[1]: 44}
        assert client.put(f"/company/people/fields/{field_id}", json={"name": "Shoe (EU)"}).status_code == 200
        names = {f["id"]: f["name"] for f in client.get("/company/people/fields").json()}
        assert names[field_id] == "Shoe (EU)"
        assert client.delete(f"/company/people/fields/{field_id}").status_code == 200
        assert field_id not in {f["id"] for f in client.get("/company/people/fields").json()}
        read = client.post(f"/people/{someone}", json={"fields": [field_id]}).json()["employees"][0]
        assert "home" not in read

    @pytest.mark.parametrize(
        ("spec", "status"),
        [
            ({"category": "root"}, 400),
            ({"type": "hologram"}, 400),
            ({"category": "nowhere"}, 404),
            ({"category": "home", "historical": True}, 400),
            ({"name": None}, 400),
        ],
        ids=["root", "bad-type", "no-category", "history-not-allowed", "no-name"],
    )
    def test_invalid_new_fields(self, hibob: Hibob, spec: dict[str, Any], status: int) -> None:
        body = {"name": "Bad", "category": "home", "type": "text", **spec}
        response = hibob("full").post("/company/people/fields", json=body)
        assert response.status_code == status
        assert set(response.json()) == {"key", "error"}

    def test_default_fields_cannot_change_and_missing_ones_are_404(self, hibob: Hibob) -> None:
        client = hibob("full")
        assert client.delete("/company/people/fields/root.firstName").status_code == 400
        assert client.put("/company/people/fields/root.firstName", json={"name": "Given"}).status_code == 400
        assert client.delete("/company/people/fields/home.custom.field_1").status_code == 404
        assert client.put("/company/people/fields/home.custom.field_1", json={"name": "X"}).status_code == 404

    def test_a_list_field_gets_its_own_list(self, hibob: Hibob) -> None:
        client = hibob("full")
        field_id = new_field(client, type="list", category="work", historical=True)
        meta = next(f for f in client.get("/company/people/fields").json() if f["id"] == field_id)
        list_id = meta["typeData"]["listId"]
        assert client.get(f"/company/named-lists/{list_id}").json() == {"name": list_id, "items": []}
        assert client.delete(f"/company/people/fields/{field_id}").status_code == 200

    def test_writes_need_a_permission_group(self, hibob: Hibob) -> None:
        client = hibob("empty")
        assert client.post("/company/people/fields", content=b"{bad").status_code == 403
        assert client.post("/company/named-lists/site", json={"name": "Oslo"}).status_code == 403


class TestNamedLists:
    def test_all_lists_hide_archived_items_unless_asked(self, hibob: Hibob, user: User) -> None:
        client = hibob("activtrak")
        lists = {n["name"]: n for n in client.get("/company/named-lists").json()}
        assert set(lists) == set(company_of(user).lists)
        sites = [i["value"] for i in lists["site"]["items"]]
        assert "London" in sites
        assert "Paris" not in sites
        archived = client.get("/company/named-lists", params={"includeArchived": "true"}).json()
        all_sites = next(n for n in archived if n["name"] == "site")["items"]
        assert any(i["value"] == "Paris" and i["archived"] for i in all_sites)

    def test_one_list_with_nested_items(self, hibob: Hibob) -> None:
        client = hibob("full")
        departments = client.get("/company/named-lists/department").json()
        assert departments["name"] == "department"
        engineering = next(i for i in departments["items"] if i["value"] == "Engineering")
        assert set(engineering) == {"id", "value", "name", "archived", "children"}
        assert engineering["children"]
        assert engineering["children"][0]["children"]
        assert client.get("/company/named-lists/nothing").status_code == 404

    def test_add_rename_move_and_delete_an_item(self, hibob: Hibob, user: User) -> None:
        client = hibob("full")
        departments = company_of(user).lists["department"]
        parent = departments.find_value("Engineering")
        other = departments.find_value("Sales")
        assert parent is not None
        assert other is not None
        added = client.post(
            "/company/named-lists/department", json={"name": "Quantum", "parentId": int(parent.id)}
        )
        assert added.status_code == 200
        item_id = added.json()["id"]
        assert departments.by_id[item_id] in parent.children
        again = client.post("/company/named-lists/department", json={"name": "Quantum"})
        assert again.status_code == 409
        moved = client.put(
            f"/company/named-lists/department/{item_id}", json={"name": "Quantum Lab", "parentId": other.id}
        )
        assert moved.status_code == 200
        assert departments.by_id[item_id] in other.children
        assert departments.by_id[item_id].value == "Quantum Lab"
        assert client.delete(f"/company/named-lists/department/{item_id}").status_code == 200
        assert item_id not in departments.by_id
        assert departments.by_id.get(item_id) not in other.children
        assert client.delete(f"/company/named-lists/department/{item_id}").status_code == 404

    def test_item_errors(self, hibob: Hibob) -> None:
        client = hibob("full")
        assert client.post("/company/named-lists/nothing", json={"name": "X"}).status_code == 404
        assert (
            client.post("/company/named-lists/site", json={"name": "Oslo", "parentId": 1}).status_code == 400
        )
        assert client.put("/company/named-lists/site/404404", json={"name": "X"}).status_code == 404
        site_id = client.get("/company/named-lists/site").json()["items"][0]["id"]
        assert client.put(f"/company/named-lists/site/{site_id}", json={}).status_code == 400

    def test_renaming_an_item_changes_human_readable_values(self, hibob: Hibob, user: User) -> None:
        client = hibob("full")
        body = {"fields": ["work.site", "work.siteId"], "humanReadable": "APPEND"}
        person = client.post("/people/search", json=body).json()["employees"][0]
        site_id = str(person["work"]["siteId"])
        old = person["humanReadable"]["work"]["siteId"]
        assert old == company_of(user).lists["site"].by_id[site_id].value
        try:
            assert (
                client.put(f"/company/named-lists/site/{site_id}", json={"name": "Renamed Site"}).status_code
                == 200
            )
            again = client.post("/people/search", json=body).json()["employees"][0]
            assert again["humanReadable"]["work"]["siteId"] == "Renamed Site"
        finally:
            assert client.put(f"/company/named-lists/site/{site_id}", json={"name": old}).status_code == 200


class TestOtherMetadata:
    def test_custom_tables_and_wizards(self, hibob: Hibob) -> None:
        client = hibob("empty")
        assert client.get("/people/custom-tables/metadata").json() == {"tables": []}
        assert client.get("/people/custom-tables/metadata/any").status_code == 404
        wizards = client.get("/onboarding/wizards").json()["wizards"]
        assert wizards
        assert all(set(w) == {"id", "name"} and isinstance(w["id"], int) for w in wizards)
