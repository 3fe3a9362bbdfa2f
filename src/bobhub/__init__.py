"""bobhub: a self-hosted integration hub for HiBob."""
