"""Routes of bobhub.api.writes."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
