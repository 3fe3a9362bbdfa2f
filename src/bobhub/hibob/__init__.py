"""bobhub's HiBob client: one async client per service user, typed resources, safe retries and rate budget."""

from bobhub.hibob.budget import InMemoryBudget, RateBudget
from bobhub.hibob.client import DEFAULT_BASE_URL, HiBobClient
from bobhub.hibob.employee import Employee, parse_employee
from bobhub.hibob.errors import (
    APIError,
    AuthenticationError,
    HiBobError,
    InvalidRequest,
    InvalidWebhook,
    NotFound,
    PermissionDenied,
    RateLimited,
    ServerError,
    TransportError,
    UnexpectedResponse,
)
from bobhub.hibob.transport import RetryPolicy
from bobhub.hibob.webhooks import SIGNATURE_HEADER, WebhookEvent, parse_webhook, sign, verify_signature

__all__ = [
    "DEFAULT_BASE_URL",
    "SIGNATURE_HEADER",
    "APIError",
    "AuthenticationError",
    "Employee",
    "HiBobClient",
    "HiBobError",
    "InMemoryBudget",
    "InvalidRequest",
    "InvalidWebhook",
    "NotFound",
    "PermissionDenied",
    "RateBudget",
    "RateLimited",
    "RetryPolicy",
    "ServerError",
    "TransportError",
    "UnexpectedResponse",
    "WebhookEvent",
    "parse_employee",
    "parse_webhook",
    "sign",
    "verify_signature",
]
