"""The HiBob simulator: a FastAPI app serving HiBob's public API over seeded, in-memory companies."""
