"""Routes of bobhub.api.audit."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
