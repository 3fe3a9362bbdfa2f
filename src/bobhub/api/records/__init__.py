"""The unified read API: synced records with cursor pagination, filters, expansion and history."""
