"""Outgoing webhook subscriptions and their delivery log."""
