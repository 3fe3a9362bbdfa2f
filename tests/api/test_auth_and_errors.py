"""API keys and scopes, the one error shape, the OpenAPI document and the hub page, over real HTTP."""

from __future__ import annotations

import httpx
import pytest

from tests.api.conftest import LinkBody, MakeKey, bearer

ROUTES = [
    ("POST", "/v1/accounts"),
    ("GET", "/v1/accounts"),
    ("GET", "/v1/accounts/acc_x"),
    ("GET", "/v1/accounts/acc_x/permissions"),
    ("DELETE", "/v1/accounts/acc_x"),
]


class TestApiKeys:
    @pytest.mark.parametrize(("method", "path"), ROUTES)
    @pytest.mark.parametrize(
        "authorization", [None, "Bearer bh_not-a-real-key", "Bearer nonsense", "Basic dXNlcjpwYXNz", "Bearer"]
    )
    async def test_no_or_wrong_key_is_401(
        self, api: httpx.AsyncClient, method: str, path: str, authorization: str | None
    ):
        headers = {"Authorization": authorization} if authorization else {}
        body = {"name": "x", "service_user_id": "id", "token": "t"} if method == "POST" else None
        response = await api.request(method, path, json=body, headers=headers)
        assert response.status_code == 401
        assert response.json() == {"error": "Unauthorized", "detail": "missing or invalid API key"}
        assert response.headers["www-authenticate"] == "Bearer"

    async def test_a_read_only_key_may_not_link(
        self, api: httpx.AsyncClient, make_key: MakeKey, link_body: LinkBody
    ):
        key = await make_key(("read",))
        response = await api.post("/v1/accounts", json=link_body("full"), headers=bearer(key))
        assert response.status_code == 403
        assert response.json()["error"] == "Forbidden"
        assert "write" in response.json()["detail"]
        assert (await api.get("/v1/accounts", headers=bearer(key))).json()["results"] == []

    async def test_a_read_only_key_may_not_unlink(
        self, api: httpx.AsyncClient, make_key: MakeKey, link_body: LinkBody
    ):
        writer = await make_key(("write",), tenant="unlink-co")
        account = (await api.post("/v1/accounts", json=link_body("full"), headers=bearer(writer))).json()
        reader = await make_key(("read",), tenant="unlink-co")
        response = await api.delete(f"/v1/accounts/{account['id']}", headers=bearer(reader))
        assert response.status_code == 403
        assert response.json()["error"] == "Forbidden"
        assert (await api.get(f"/v1/accounts/{account['id']}", headers=bearer(reader))).status_code == 200

    async def test_an_admin_key_may_do_everything(
        self, api: httpx.AsyncClient, make_key: MakeKey, link_body: LinkBody
    ):
        key = await make_key(("admin",))
        account = await api.post("/v1/accounts", json=link_body("full"), headers=bearer(key))
        assert account.status_code == 201
        assert (await api.get("/v1/accounts", headers=bearer(key))).status_code == 200
        assert (
            await api.delete(f"/v1/accounts/{account.json()['id']}", headers=bearer(key))
        ).status_code == 204


class TestErrorShape:
    async def test_unknown_path_is_404_in_the_error_shape(self, api: httpx.AsyncClient):
        response = await api.get("/v1/nothing-here")
        assert response.status_code == 404
        assert response.json() == {"error": "NotFound", "detail": "Not Found"}

    async def test_wrong_method_is_405_in_the_error_shape(self, api: httpx.AsyncClient, make_key: MakeKey):
        response = await api.put("/v1/accounts", headers=bearer(await make_key()))
        assert response.status_code == 405
        assert response.json()["error"] == "MethodNotAllowed"


class TestOpenApi:
    @pytest.fixture
    async def spec(self, api: httpx.AsyncClient) -> dict[str, object]:
        response = await api.get("/openapi.json")
        assert response.status_code == 200
        document: dict[str, object] = response.json()
        return document

    def test_routes_document_their_errors(self, spec: dict[str, dict[str, dict[str, dict[str, object]]]]):
        paths = spec["paths"]
        expected = {
            ("post", "/v1/accounts"): {"201", "400", "401", "403", "409", "422", "502"},
            ("get", "/v1/accounts"): {"200", "400", "401", "403"},
            ("get", "/v1/accounts/{account_id}"): {"200", "400", "401", "403", "404"},
            ("get", "/v1/accounts/{account_id}/permissions"): {"200", "400", "401", "403", "404", "502"},
            ("delete", "/v1/accounts/{account_id}"): {"204", "400", "401", "403", "404"},
        }
        for (method, path), statuses in expected.items():
            responses = paths[path][method]["responses"]
            assert isinstance(responses, dict)
            assert set(responses) == statuses, (method, path)
            for status in statuses - {"200", "201", "204"}:
                schema = responses[status]["content"]["application/json"]["schema"]
                assert schema == {"$ref": "#/components/schemas/ErrorPublic"}

    def test_no_framework_validation_error_schema(self, spec: dict[str, dict[str, dict[str, object]]]):
        schemas = spec["components"]["schemas"]
        assert "HTTPValidationError" not in schemas
        assert {"ErrorPublic", "AccountCreate", "AccountPublic", "AccountsPublic", "DoctorReport"} <= set(
            schemas
        )

    def test_bearer_auth_is_documented(self, spec: dict[str, dict[str, dict[str, dict[str, object]]]]):
        assert spec["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"

    async def test_docs_page_is_served_with_its_assets_from_here(self, api: httpx.AsyncClient):
        response = await api.get("/docs")
        assert response.status_code == 200
        assert "/openapi.json" in response.text
        assert "cdn" not in response.text.lower()  # a self-hosted install may have no internet
        for asset in ("/docs-assets/swagger-ui-bundle.js", "/docs-assets/swagger-ui.css"):
            assert asset in response.text
            served = await api.get(asset)
            assert served.status_code == 200, asset
            assert len(served.content) > 10_000


class TestHubPage:
    async def test_page_and_assets_are_served(self, api: httpx.AsyncClient):
        page = await api.get("/")
        assert page.status_code == 200
        assert page.headers["content-type"].startswith("text/html")
        assert "default-src 'self'" in page.headers["content-security-policy"]
        assert 'id="link-form"' in page.text
        for asset, kind in (("/static/app.js", "javascript"), ("/static/style.css", "text/css")):
            response = await api.get(asset)
            assert response.status_code == 200
            assert kind in response.headers["content-type"]

    async def test_the_page_calls_only_the_api(self, api: httpx.AsyncClient):
        script = (await api.get("/static/app.js")).text
        assert "http://" not in script
        assert "https://" not in script
        assert "innerHTML" not in script
