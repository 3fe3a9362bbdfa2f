"""The audit log of every write and passthrough call made through the API."""
