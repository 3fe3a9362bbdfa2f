"""The sandbox as a whole: its companies, their service users, limits, faults, webhooks and statistics."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hmac
import random
import string
from collections import Counter
from dataclasses import dataclass
from typing import Any

from bobhub.sandbox.faults import Faults
from bobhub.sandbox.generator import generate_company
from bobhub.sandbox.limits import RateLimiter, Waf
from bobhub.sandbox.model import Company
from bobhub.sandbox.permissions import PRESETS, Grants, preset_grants
from bobhub.sandbox.webhooks import WebhookDispatcher


@dataclass(slots=True)
class ServiceUser:
    """A HiBob service user: Basic-auth credentials and the permission group it sits in."""

    id: str
    token: str
    preset: str
    company: Company
    grants: Grants

    def __repr__(self) -> str:  # keep tokens out of logs and tracebacks
        return f"ServiceUser(id={self.id!r}, preset={self.preset!r}, company={self.company.id})"

    def to_json(self) -> dict[str, Any]:
        return {"company": self.company.id, "preset": self.preset, "id": self.id, "token": self.token}


class Stats:
    """Calls served per endpoint template and how many were answered 429."""

    def __init__(self) -> None:
        self.calls: Counter[str] = Counter()
        self.rate_limited = 0

    def to_json(self) -> dict[str, Any]:
        return {"calls": dict(self.calls), "rate_limited": self.rate_limited}

    def reset(self) -> None:
        self.calls.clear()
        self.rate_limited = 0


class Sandbox:
    """Many simulated HiBob companies behind one API; `rate_window` is HiBob's minute in seconds."""

    def __init__(self, *, rate_window: float = 60.0, today: dt.date | None = None) -> None:
        self.rate_window = rate_window
        self.today = today or dt.date.today()
        self.companies: dict[int, Company] = {}
        self.service_users: dict[str, ServiceUser] = {}
        self.stats = Stats()
        self.limiter = RateLimiter(rate_window)
        self.waf = Waf(rate_window)
        self.faults = Faults()
        self.webhooks = WebhookDispatcher()

    def create_company(self, employees: int, seed: int) -> Company:
        """Generate a company and its four preset service users (full, activtrak, partial, empty)."""
        company_id = len(self.companies) + 1
        company = generate_company(company_id, employees=employees, seed=seed, today=self.today)
        self.companies[company_id] = company
        rnd = random.Random(f"service-users:{seed}:{company_id}")
        alphabet = string.ascii_letters + string.digits
        for preset in PRESETS:
            su_id = f"SERVICE-{company_id}{rnd.randrange(10_000, 99_999)}"
            token = "".join(rnd.choice(alphabet) for _ in range(40))
            self.service_users[su_id] = ServiceUser(
                su_id, token, preset, company, preset_grants(preset, company)
            )
        return company

    def users_of(self, company: Company | None = None) -> list[ServiceUser]:
        return [su for su in self.service_users.values() if company is None or su.company is company]

    def preset_user(self, preset: str, company: Company | None = None) -> ServiceUser:
        """The service user of a preset in a company (the first company by default)."""
        company = company or next(iter(self.companies.values()))
        return next(su for su in self.users_of(company) if su.preset == preset)

    def authenticate(self, authorization: str | None) -> ServiceUser | None:
        """The service user of a `Basic` Authorization header, or None when it does not match one."""
        if not authorization or not authorization.lower().startswith("basic "):
            return None
        try:
            decoded = base64.b64decode(authorization[6:].strip(), validate=True).decode()
        except (binascii.Error, UnicodeDecodeError):
            return None
        su_id, _, token = decoded.partition(":")
        user = self.service_users.get(su_id)
        if user is None or not _same(user.token, token):
            return None
        return user


def _same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())
