"""Field values of one planned person, in HiBob's machine format (list item ids, ISO dates, currencies)."""

from __future__ import annotations

import datetime as dt
import random
import string
from dataclasses import dataclass
from typing import Any

from bobhub.sandbox.fields import BONUS_PLAN, LAPTOP_BUDGET, LAPTOP_MODEL, LAPTOP_SERIAL
from bobhub.sandbox.generation.dice import Weighted, between, one
from bobhub.sandbox.generation.lists import ORG_LEVELS, Lists
from bobhub.sandbox.generation.people import LEVEL_IC, Person, Pools
from bobhub.sandbox.model import GARDEN_LEAVE, INACTIVE_STATUSES, TERMINATED

# Yearly base salaries in USD by level; other currencies scale by a rough purchasing-power factor.
BASE_SALARY = {0: (240_000, 320_000), 1: (170_000, 230_000), 2: (110_000, 160_000), 3: (48_000, 120_000)}
CURRENCY_FACTOR = {"USD": 1.0, "GBP": 0.72, "EUR": 0.85, "ILS": 3.3}
LAPTOPS = ("MacBook Pro 14", "MacBook Pro 16", "MacBook Air 13", "Dell XPS 13", "ThinkPad X1 Carbon")
BANKS = {
    "United States": ("Chase", "Bank of America", "Wells Fargo"),
    "United Kingdom": ("Barclays", "HSBC UK", "Lloyds Bank", "Monzo"),
    "Germany": ("Deutsche Bank", "Commerzbank", "N26"),
    "Netherlands": ("ING", "ABN AMRO", "Rabobank"),
    "Israel": ("Bank Hapoalim", "Bank Leumi", "Discount Bank"),
}
KIDS = Weighted((0, 1, 2, 3, 4), (40, 22, 26, 9, 3))
IBAN_PREFIX = {"United Kingdom": "GB", "Germany": "DE", "Netherlands": "NL", "Israel": "IL"}


@dataclass(slots=True)
class Salary:
    """The current pay of a person, which the salaries table leads up to."""

    value: int
    currency: str
    period: str  # Annual | Hourly


def current_salary(rnd: random.Random, p: Person, hourly: bool) -> Salary:
    low, high = BASE_SALARY[p.level]
    factor = CURRENCY_FACTOR[p.site.currency]
    if hourly:
        return Salary(int(between(rnd, 18, 45) * factor), p.site.currency, "Hourly")
    return Salary(int(round(between(rnd, low, high) * factor, -2)), p.site.currency, "Annual")


def yearly(salary: Salary, weekly_hours: float) -> float:
    return salary.value * weekly_hours * 52 if salary.period == "Hourly" else salary.value


@dataclass(slots=True)
class ValueMaker:
    """Draws every field value of a person; `None` values are dropped (absent reads as null)."""

    rnd: random.Random
    lists: Lists
    pools: Pools
    company_id: int
    today: dt.date

    def values(self, p: Person, employment: dict[str, Any], salary: Salary) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for part in (
            self._basic(p),
            self._work(p),
            self._personal(p),
            self._address(p),
            self._money(p, employment, salary),
            self._lifecycle(p),
            self._other(p),
        ):
            values.update(part)
        return {k: v for k, v in values.items() if v is not None}

    def _maybe(self, probability: float, value: Any) -> Any:
        return value if self.rnd.random() < probability else None

    def _pick(self, list_name: str) -> str:
        return one(self.rnd, self.lists.ids(list_name))

    def _phone(self, p: Person) -> str:
        return f"{p.site.phone_prefix} {between(self.rnd, 1000, 9999)} {between(self.rnd, 1000, 9999)}"

    def _basic(self, p: Person) -> dict[str, Any]:
        rnd = self.rnd
        middle = one(rnd, self.pools.male if p.gender == 1 else self.pools.female)
        return {
            "root.id": p.id,
            "root.email": p.email,
            "root.firstName": p.first,
            "root.surname": p.last,
            "root.secondName": middle if rnd.random() < 0.25 else None,
            "root.displayName": p.display_name,
            "root.fullName": p.display_name,
            "root.avatarUrl": self._maybe(0.7, f"https://images.sandbox.hibob.local/avatars/{p.id}.png"),
            "root.creationDate": p.created.isoformat(),
            "root.companyId": self.company_id,
            "about.about": self._maybe(0.5, one(rnd, self.pools.sentences)),
            "about.hobbies": self._maybe(0.6, rnd.sample(self.lists.ids("hobbies"), between(rnd, 1, 3))),
            "about.socialData.linkedin": self._maybe(
                0.5, f"https://www.linkedin.com/in/{p.first.lower()}-{p.last.lower()}-{p.index}"
            ),
        }

    def _work(self, p: Person) -> dict[str, Any]:
        manager = p.manager
        level = ORG_LEVELS[min(p.level, len(ORG_LEVELS) - 1)]
        return {
            "work.title": p.title,
            "work.department": p.department,
            "work.site": p.site.name,
            "work.siteId": int(self.lists.id("site", p.site.name)),
            "work.startDate": p.start.isoformat(),
            "work.originalStartDate": p.start.isoformat(),
            "work.manager": manager.id if manager else None,
            "work.reportsTo": reports_to(manager),
            "work.secondLevelManager": manager.manager.id if manager and manager.manager else None,
            "work.isManager": bool(p.reports),
            "work.employeeIdInCompany": p.index + 1,
            "work.tenureDuration": tenure(p.start, min(p.termination or self.today, self.today), self.today),
            "employee.orgLevel": self.lists.id("orgLevels", level),
            "work.workPhone": self._maybe(0.6, self._phone(p)),
            "work.workMobile": self._maybe(0.4, self._phone(p)),
            LAPTOP_BUDGET: self._maybe(0.9, one(self.rnd, (1500, 2000, 2500, 3000))),
            LAPTOP_MODEL: self._maybe(0.9, one(self.rnd, LAPTOPS)),
            LAPTOP_SERIAL: self._maybe(
                0.85, "".join(self.rnd.choices(string.ascii_uppercase + string.digits, k=10))
            ),
        }

    def _personal(self, p: Person) -> dict[str, Any]:
        rnd = self.rnd
        age = between(rnd, 21, 62) if p.level == LEVEL_IC else between(rnd, 30, 62)
        birth = dt.date(self.today.year - age, between(rnd, 1, 12), between(rnd, 1, 28))
        age_now = (
            self.today.year - birth.year - ((self.today.month, self.today.day) < (birth.month, birth.day))
        )
        gender = ("Female", "Male", "Non-binary")[p.gender]
        pronoun = ("She/her", "He/him", "They/them")[p.gender]
        nationalities = [self.lists.id("nationality", p.site.nationality)]
        if rnd.random() < 0.15:
            nationalities.append(self._pick("nationality"))
        return {
            "personal.birthDate": birth.isoformat(),
            "personal.shortBirthDate": birth.strftime("%m-%d"),
            "personal.age": age_now,
            "personal.pronouns": self._maybe(0.6, self.lists.id("pronouns", pronoun)),
            "personal.honorific": self._maybe(0.5, self._pick("honorific")),
            "personal.nationality": sorted(set(nationalities)),
            "home.legalGender": self.lists.id("legalGender", gender),
            "home.familyStatus": self._maybe(0.8, self._pick("familyStatus")),
            "home.numberOfKids": self._maybe(0.7, KIDS.pick(rnd)),
            "home.privateEmail": self._maybe(0.75, f"{p.first}.{p.last}{p.index}@example.com".lower()),
            "home.mobilePhone": self._maybe(0.85, self._phone(p)),
            "home.privatePhone": self._maybe(0.2, self._phone(p)),
        }

    def _address(self, p: Person) -> dict[str, Any]:
        rnd = self.rnd
        line1 = f"{between(rnd, 1, 250)} {one(rnd, self.pools.streets)}"
        line2 = self._maybe(0.25, f"Apt {between(rnd, 1, 40)}")
        post = _post_code(rnd, p.site.country)
        return {
            "address.line1": line1,
            "address.line2": line2,
            "address.city": p.site.name,
            "address.postCode": post,
            "address.country": self.lists.id("country", p.site.country),
            "address.fullAddress": ", ".join(
                x for x in (line1, line2, p.site.name, post, p.site.country) if x
            ),
        }

    def _money(self, p: Person, employment: dict[str, Any], salary: Salary) -> dict[str, Any]:
        rnd, country = self.rnd, p.site.country
        us, uk = country == "United States", country == "United Kingdom"
        digits = "".join(rnd.choices(string.digits, k=18))
        return {
            "payroll.employment.type": employment["type"],
            "payroll.employment.contract": employment["contract"],
            "payroll.employment.salaryPayType": employment["salaryPayType"],
            "payroll.employment.fte": employment["fte"],
            "payroll.employment.weeklyHours": employment["weeklyHours"],
            "payroll.employment.flsaCode": employment.get("flsaCode"),
            "payroll.salary.payment": {"value": salary.value, "currency": salary.currency},
            "payroll.salary.yearlyPayment": {
                "value": yearly(salary, employment["weeklyHours"]),
                "currency": salary.currency,
            },
            "payroll.salary.payPeriod": salary.period,
            "payroll.taxCode": "1257L" if uk else None,
            "payroll.nin": f"Q{one(rnd, 'ABCEHJKLMNPRSTWXYZ')} {digits[:2]} {digits[2:4]} {digits[4:6]} C"
            if uk
            else None,
            BONUS_PLAN: self._maybe(0.7, self._pick("bonusPlan")),
            "financial.bankName": self._maybe(0.9, one(rnd, BANKS[country])) if country in BANKS else None,
            "financial.accountNumber": self._maybe(0.9, digits[6:16]),
            "financial.routingNumber": self._maybe(0.9, digits[:9]) if us else None,
            "financial.iban": f"{IBAN_PREFIX[country]}{digits[:2]}SBOX{digits[2:16]}"
            if country in IBAN_PREFIX
            else None,
            "identification.ssn": f"{digits[:3]}-{digits[3:5]}-{digits[5:9]}" if us else None,
            "identification.passportNumber": self._maybe(0.6, digits[9:18]),
        }

    def _lifecycle(self, p: Person) -> dict[str, Any]:
        leaving = p.status in (TERMINATED, GARDEN_LEAVE)
        voluntary = self.rnd.random() < 0.7
        reasons = self.lists.ids("terminationReason")
        return {
            "internal.status": "Inactive" if p.status in INACTIVE_STATUSES else "Active",
            "internal.lifecycleStatus": p.status,
            "internal.currentActiveStatusStartDate": p.status_start.isoformat(),
            "internal.terminationDate": p.termination.isoformat() if p.termination else None,
            "internal.terminationReason": one(self.rnd, reasons[:3] if voluntary else reasons[3:])
            if leaving
            else None,
            "internal.terminationType": self.lists.id(
                "terminationType", "Voluntary" if voluntary else "Involuntary"
            )
            if leaving
            else None,
            "internal.notice": one(self.rnd, ("2 weeks", "1 month", "3 months")) if leaving else None,
            "internal.probationEndDate": (p.start + dt.timedelta(days=90)).isoformat()
            if (self.today - p.start).days < 730 and p.status != TERMINATED
            else None,
        }

    def _other(self, p: Person) -> dict[str, Any]:
        rnd = self.rnd
        us = p.site.country == "United States"
        has_contact = rnd.random() < 0.8
        trained = rnd.random() < 0.5 and p.start < self.today
        return {
            "eeo.ethnicity": self._maybe(0.85, self._pick("ethnicity")) if us else None,
            "eeo.jobCategory": self._pick("jobCategory") if us else None,
            "emergency.firstName": one(rnd, self.pools.female + self.pools.male) if has_contact else None,
            "emergency.surname": (p.last if rnd.random() < 0.6 else one(rnd, self.pools.surnames))
            if has_contact
            else None,
            "emergency.relation": self._pick("relation") if has_contact else None,
            "emergency.phone": self._phone(p) if has_contact else None,
            "peopleAnalytics.riskOfLeaving": self._maybe(0.6, self._pick("riskOfLeaving")),
            "peopleAnalytics.impactOfLeaving": self._maybe(0.6, self._pick("impactOfLeaving")),
            "workEligibility.rightToWork": self._maybe(0.9, self._pick("rightToWork")),
            "workEligibility.expiryDate": self._maybe(
                0.2, (self.today + dt.timedelta(days=between(rnd, 30, 1500))).isoformat()
            ),
            "training.lastCompletedTraining": self._pick("TrainingName") if trained else None,
            "training.lastTrainingDate": (self.today - dt.timedelta(days=between(rnd, 1, 700))).isoformat()
            if trained
            else None,
        }


def reports_to(manager: Person | None) -> dict[str, Any] | None:
    if manager is None:
        return None
    return {
        "id": manager.id,
        "email": manager.email,
        "firstName": manager.first,
        "surname": manager.last,
        "displayName": manager.display_name,
    }


def tenure(start: dt.date, until: dt.date, today: dt.date) -> dict[str, Any] | None:
    """HiBob's tenure object; None before the start date."""
    if start > today:
        return None
    days = (until - start).days
    years, rest = divmod(days, 365)
    months, days_left = divmod(rest, 30)
    parts = [
        f"{n} {unit}{'s' if n != 1 else ''}"
        for n, unit in ((years, "year"), (months, "month"), (days_left, "day"))
        if n
    ]
    return {
        "periodISO": f"P{years}Y{months}M{days_left}D",
        "sortFactor": days,
        "humanize": ", ".join(parts) or "0 days",
    }


def _post_code(rnd: random.Random, country: str) -> str:
    letters = string.ascii_uppercase
    if country == "United Kingdom":
        area = one(rnd, ("SW", "EC", "N", "M", "W"))
        return f"{area}{between(rnd, 1, 20)} {between(rnd, 1, 9)}{one(rnd, letters)}{one(rnd, letters)}"
    if country == "Netherlands":
        return f"{between(rnd, 1000, 1109)} {one(rnd, letters)}{one(rnd, letters)}"
    if country == "Israel":
        return str(between(rnd, 6100000, 6999999))
    return f"{between(rnd, 10000, 99999):05d}"
