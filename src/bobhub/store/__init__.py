"""bobhub's own storage: the database, its ORM models and migrations, and the vault for HiBob tokens."""

from bobhub.store.crypto import Vault
from bobhub.store.db import Database
from bobhub.store.models import Account, ApiKey, Base, Tenant

__all__ = ["Account", "ApiKey", "Base", "Database", "Tenant", "Vault"]
