"""The unified REST API's FastAPI app: /v1 routes by domain, one error shape, and the hub page at `/`."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.metadata import version
from pathlib import Path
from typing import Any

import fastapi_offline
import httpx
from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles

from bobhub.api.accounts import routes as accounts
from bobhub.api.audit import routes as audit
from bobhub.api.body_limit import BodyLimit
from bobhub.api.deps import AppState
from bobhub.api.handlers import drop_default_validation_responses, install_error_handlers
from bobhub.api.orgchart import routes as orgchart
from bobhub.api.passthrough import routes as passthrough
from bobhub.api.records import routes as records
from bobhub.api.response_cache import ResponseCache
from bobhub.api.subscriptions import routes as subscriptions
from bobhub.api.webhooks import routes as webhooks
from bobhub.api.writes import routes as writes
from bobhub.events import Dispatcher
from bobhub.hibob.transport import DEFAULT_TIMEOUT
from bobhub.settings import Settings
from bobhub.store import Database, Vault

WEB = Path(__file__).resolve().parent.parent / "web"
# Swagger UI 5 (OpenAPI 3.1), shipped in a package rather than fetched from a CDN by every reader.
DOCS_ASSETS = Path(fastapi_offline.__file__).resolve().parent / "static"

# The hub page handles HiBob tokens: it loads nothing but its own files and talks only to this API.
PAGE_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; frame-ancestors 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


def lifespan_for(settings: Settings) -> Any:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        vault = Vault.from_settings(settings)
        database = Database(settings.database_url)
        try:
            await database.migrate()
            limits = httpx.Limits(max_connections=100, max_keepalive_connections=20)
            async with httpx.AsyncClient(timeout=DEFAULT_TIMEOUT, limits=limits) as http:
                app.state.bobhub = AppState(settings=settings, database=database, vault=vault, http=http)
                dispatcher = await Dispatcher(database, vault, settings).start()
                try:
                    yield
                    queue = getattr(app.state, "refetch_queue", None)
                    if queue is not None:  # webhook refetches still running finish before the database closes
                        await queue.drain()
                finally:  # after the refetches, whose events it may still send
                    await dispatcher.stop()
        finally:
            await database.dispose()

    return lifespan


def create_app(settings: Settings) -> FastAPI:
    """The API over one configuration; the database is migrated when the app starts."""
    app = FastAPI(
        title="bobhub",
        version=version("bobhub"),
        description="The unified REST API of bobhub, a self-hosted integration hub for HiBob. "
        'Send `Authorization: Bearer <API key>`; every error is `{"error", "detail"}`.',
        lifespan=lifespan_for(settings),
        redoc_url=None,
        docs_url=None,  # served below from local assets: a self-hosted install may have no internet
    )
    install_error_handlers(app)
    app.add_middleware(ResponseCache, seconds=settings.api_cache_seconds)
    app.add_middleware(BodyLimit)
    for domain in (accounts, records, orgchart, writes, audit, subscriptions, passthrough, webhooks):
        app.include_router(domain.router, prefix="/v1")
    app.mount("/static", StaticFiles(directory=WEB), name="static")
    app.mount("/docs-assets", StaticFiles(directory=DOCS_ASSETS), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="bobhub API",
            swagger_js_url="/docs-assets/swagger-ui-bundle.js",
            swagger_css_url="/docs-assets/swagger-ui.css",
            swagger_favicon_url="/docs-assets/favicon.png",
        )

    @app.get("/", include_in_schema=False)
    async def hub_page() -> FileResponse:
        return FileResponse(WEB / "index.html", headers=PAGE_HEADERS)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = drop_default_validation_responses(FastAPI.openapi(app))
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app
