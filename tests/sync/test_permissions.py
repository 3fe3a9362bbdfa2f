"""A permission removed between two syncs loses nothing: the anomaly guard keeps every record and value."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from bobhub.sandbox.permissions import Grants, preset_grants
from bobhub.sandbox.state import Sandbox
from tests.sync.conftest import Linked

Swap = Callable[[Grants], None]


@pytest.fixture
def swap_grants(linked: Linked, sandbox: Sandbox) -> Iterator[Swap]:
    """swap_grants(grants) changes the linked service user's permission group until the test ends."""
    su = sandbox.service_users[linked.user.id]
    original = su.grants

    def swap(grants: Grants) -> None:
        su.grants = grants

    yield swap
    su.grants = original


class TestPermissionRemoved:
    async def test_losing_personal_history_and_terminated_keeps_every_record(
        self, linked: Linked, sandbox: Sandbox, swap_grants: Swap
    ) -> None:
        await linked.sync()
        before = {r: await linked.records(r) for r in ("employees", "job_records", "employment_records")}

        swap_grants(preset_grants("partial", linked.user.company))
        result = await linked.sync()

        assert result["status"] == "suspicious"
        for resource, records in before.items():
            after = await linked.records(resource)
            assert set(after) == set(records), resource
            assert not any(r.remote_was_deleted for r in after.values()), resource
        employees = await linked.records("employees")
        for remote_id, old in before["employees"].items():
            assert employees[remote_id].data == old.data  # hidden values kept, never nulled
        account = await linked.account()
        assert account.status == "needs_attention"
        assert "terminated" in (account.sync_status_note or "")

    async def test_a_category_hidden_for_everyone_is_kept_and_reported(
        self, linked: Linked, swap_grants: Swap
    ) -> None:
        await linked.sync()
        before = await linked.records("employees")
        full = linked.user.grants
        partial = preset_grants("partial", linked.user.company)

        swap_grants(Grants(permissions=partial.permissions, audience=full.audience))
        result = await linked.sync()

        assert result["status"] == "suspicious"
        after = await linked.records("employees")
        assert {k: r.data for k, r in after.items()} == {k: r.data for k, r in before.items()}
        assert all(r.hidden_fields for r in after.values())
        account = await linked.account()
        assert "categories" in (account.sync_status_note or "")

    async def test_access_restored_syncs_normally_again(
        self, linked: Linked, sandbox: Sandbox, swap_grants: Swap
    ) -> None:
        await linked.sync()
        swap_grants(preset_grants("partial", linked.user.company))
        await linked.sync()
        swap_grants(preset_grants("full", linked.user.company))

        assert (await linked.account()).status == "needs_attention"

        result = await linked.sync()

        assert result["status"] == "succeeded"
        employees = await linked.records("employees")
        assert not any(r.remote_was_deleted or r.hidden_fields for r in employees.values())
        account = await linked.account()
        assert (account.status, account.sync_status_note) == ("linked", None)
        assert any("linked again" in note for note in result["notes"])
