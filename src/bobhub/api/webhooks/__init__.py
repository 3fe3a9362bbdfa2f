"""Inbound HiBob webhooks: signature check and a coalesced, targeted refetch of what they name."""
