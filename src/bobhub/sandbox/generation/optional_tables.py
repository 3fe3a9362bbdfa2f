"""The smaller employee tables only some people have: variable pay, equity grants, training, bank accounts.

Rows mirror the shapes of HiBob's GET /people/{id}/variable, /equities, /training and /bank-accounts, and
agree with the person's fields (the bank account carries the Financial fields; training the Training ones).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from bobhub.sandbox.generation.dice import between, one
from bobhub.sandbox.generation.lists import Lists
from bobhub.sandbox.generation.people import LEVEL_HEAD, LEVEL_IC, Person
from bobhub.sandbox.generation.values import Salary
from bobhub.sandbox.model import Company

TRAINING_FREQUENCIES = ("Once", "Yearly")


@dataclass(slots=True)
class OptionalTables:
    """Draws the optional tables of one person; absent tables are simply not in the result."""

    rnd: random.Random
    company: Company
    lists: Lists
    admin: Person

    def tables(self, p: Person, values: dict[str, Any], salary: Salary) -> dict[str, list[dict[str, Any]]]:
        found = {
            "variable": self.variable(p, salary) if p.start <= self.company.today else [],
            "equities": self.equities(p, salary),
            "training": self.training(values, salary.currency),
            "bank-accounts": self.bank_accounts(values),
        }
        return {name: rows for name, rows in found.items() if rows}

    def _meta(self, effective: dt.date) -> dict[str, Any]:
        day = min(effective, self.company.today).isoformat()
        return {
            "id": self.company.next_id(),
            "creationDate": day,
            "modificationDate": day,
            "customColumns": {},
        }

    def variable(self, p: Person, salary: Salary) -> list[dict[str, Any]]:
        sales = p.family is not None and p.family.name == "Sales"
        if salary.period != "Annual" or not (sales or p.level <= LEVEL_HEAD or self.rnd.random() < 0.15):
            return []
        kind = "Commission" if sales else "ExecutiveBonus" if p.level <= LEVEL_HEAD else "Bonus"
        share = {"Commission": 0.3, "ExecutiveBonus": 0.25, "Bonus": 0.1}[kind]
        return [
            {
                **self._meta(p.start),
                "effectiveDate": p.start.isoformat(),
                "endEffectiveDate": None,
                "isCurrent": True,
                "canBeDeleted": True,
                "amount": {"value": round(salary.value * share, -2), "currency": salary.currency},
                "variableType": kind,
                "paymentPeriod": "Quarterly" if sales else "Annual",
                "payoutType": "amount",
                "companyPercent": 50 if kind != "Commission" else 0,
                "departmentPercent": 0,
                "individualPercent": 50 if kind != "Commission" else 100,
                "percentageOfAnnualSalary": None,
                "endDate": None,
                "change": {
                    "reason": "Compensation plan",
                    "changedBy": self.admin.display_name,
                    "changedById": self.admin.id,
                },
            }
        ]

    def equities(self, p: Person, salary: Salary) -> list[dict[str, Any]]:
        if p.level == LEVEL_IC and self.rnd.random() > 0.12:
            return []
        grant = p.start + dt.timedelta(days=between(self.rnd, 0, 60))
        return [
            {
                **self._meta(grant),
                "effectiveDate": grant.isoformat(),
                "reason": "Initial grant",
                "quantity": float(between(self.rnd, 5, 200) * 100),
                "equityType": one(self.rnd, ("Options", "RSU")),
                "grantDate": grant.isoformat(),
                "vestingCommencementDate": p.start.isoformat(),
                "optionExpiration": grant.replace(year=grant.year + 10, day=min(grant.day, 28)).isoformat(),
                "exercisePrice": {
                    "value": round(self.rnd.uniform(0.5, 12.0), 2),
                    "currency": salary.currency,
                },
                "vestingTerm": "4 years, 1 year cliff",
                "vestingSchedule": 1,
                "grantNumber": float(p.index + 1),
                "consentNumber": f"C-{p.index + 1:05d}",
                "grantType": "Initial Grant",
                "grantStatus": "Granted",
            }
        ]

    def training(self, values: dict[str, Any], currency: str) -> list[dict[str, Any]]:
        name, done = values.get("training.lastCompletedTraining"), values.get("training.lastTrainingDate")
        if name is None or done is None:
            return []
        end = dt.date.fromisoformat(done)
        start = end - dt.timedelta(days=between(self.rnd, 0, 5))
        return [
            {
                **self._meta(end),
                "name": name,
                "description": self.company.list_label("TrainingName", name),
                "cost": {"value": float(between(self.rnd, 0, 12) * 50), "currency": currency},
                "status": "Completed",
                # Assumption: frequency holds the item's name ("Once", "Yearly"), as the spec words it.
                "frequency": one(self.rnd, TRAINING_FREQUENCIES),
                "startDate": start.isoformat(),
                "endDate": end.isoformat(),
                "documentId": None,
            }
        ]

    def bank_accounts(self, values: dict[str, Any]) -> list[dict[str, Any]]:
        number = values.get("financial.accountNumber")
        if number is None:
            return []
        return [
            {
                "id": self.company.next_id(),
                "bankAccountType": "Checking",
                "routingNumber": values.get("financial.routingNumber"),
                "accountNickname": "Salary",
                "accountNumber": number,
                "bankName": values.get("financial.bankName"),
                "branchAddress": None,
                "bicOrSwift": None,
                "iban": values.get("financial.iban"),
                "allocation": "remaining",
                "amount": None,
                "useForBonus": True,
                "changedBy": self.admin.id,
            }
        ]
