"""Tenants' API keys for the unified API."""
