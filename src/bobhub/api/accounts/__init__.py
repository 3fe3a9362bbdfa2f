"""Linked HiBob accounts: linking, token rotation, the stored permission report."""
