"""The one table that names what each HiBob field becomes in bobhub's unified model, and helpers over it.

Keys are HiBob's canonical field ids, which never change when an admin moves a field to another
category; the section next to each is where HiBob puts the field out of the box, used only when no
account metadata is at hand (the planner). With an account, a field's category comes from its metadata.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# HiBob field id → (unified field name, HiBob's default section for it)
UNIFIED_FIELDS: dict[str, tuple[str, str]] = {
    "root.firstName": ("first_name", "Basic info"),
    "root.surname": ("last_name", "Basic info"),
    "root.secondName": ("middle_name", "Basic info"),
    "root.displayName": ("display_name", "Basic info"),
    "root.fullName": ("full_name", "Basic info"),
    "root.avatarUrl": ("avatar", "Basic info"),
    "root.creationDate": ("remote_created_at", "Basic info"),
    "root.email": ("work_email", "Work contact details"),
    "work.workPhone": ("work_phone", "Work contact details"),
    "work.workMobile": ("work_mobile", "Work contact details"),
    "about.about": ("about", "About"),
    "about.hobbies": ("hobbies", "About"),
    "about.socialData.linkedin": ("linkedin_url", "About"),
    "work.title": ("job_title", "Work"),
    "work.department": ("department", "Work"),
    "work.site": ("work_location", "Work"),
    "work.siteId": ("work_location", "Work"),
    "work.startDate": ("start_date", "Work"),
    "work.originalStartDate": ("hire_date", "Work"),
    "work.manager": ("manager", "Work"),
    "work.reportsTo": ("manager", "Work"),
    "work.isManager": ("is_manager", "Work"),
    "work.employeeIdInCompany": ("employee_number", "Work"),
    "work.tenureDuration": ("tenure", "Work"),
    "employee.orgLevel": ("org_level", "Work"),
    "home.privateEmail": ("personal_email", "Personal contact details"),
    "home.mobilePhone": ("mobile_phone", "Personal contact details"),
    "home.privatePhone": ("home_phone", "Personal contact details"),
    "payroll.employment.type": ("employment_type", "Employment"),
    "payroll.employment.contract": ("employment_contract", "Employment"),
    "payroll.employment.salaryPayType": ("pay_type", "Employment"),
    "payroll.employment.fte": ("fte", "Employment"),
    "payroll.employment.weeklyHours": ("weekly_hours", "Employment"),
    "payroll.employment.flsaCode": ("flsa_status", "Employment"),
    "personal.birthDate": ("date_of_birth", "Personal"),
    "personal.shortBirthDate": ("birthday", "Personal"),
    "personal.age": ("age", "Personal"),
    "personal.pronouns": ("pronouns", "Personal"),
    "personal.honorific": ("honorific", "Personal"),
    "personal.nationality": ("nationality", "Personal"),
    "home.legalGender": ("gender", "Home"),
    "home.familyStatus": ("marital_status", "Home"),
    "home.numberOfKids": ("number_of_children", "Home"),
    "address.line1": ("home_address", "Address"),
    "address.line2": ("home_address", "Address"),
    "address.city": ("home_address", "Address"),
    "address.postCode": ("home_address", "Address"),
    "address.zipCode": ("home_address", "Address"),
    "address.country": ("home_address", "Address"),
    "address.usaState": ("home_address", "Address"),
    "address.fullAddress": ("home_address", "Address"),
    "payroll.salary.payment": ("compensation", "Payroll"),
    "payroll.salary.yearlyPayment": ("compensation", "Payroll"),
    "payroll.salary.payPeriod": ("compensation", "Payroll"),
    "payroll.taxCode": ("tax_code", "Payroll"),
    "payroll.nin": ("national_insurance_number", "Payroll"),
    "financial.iban": ("bank_account", "Financial"),
    "financial.accountNumber": ("bank_account", "Financial"),
    "financial.bankName": ("bank_account", "Financial"),
    "financial.routingNumber": ("bank_account", "Financial"),
    "identification.ssn": ("ssn", "Identification"),
    "identification.passportNumber": ("passport_number", "Identification"),
    "internal.status": ("employment_status", "Lifecycle"),
    "internal.lifecycleStatus": ("employment_status", "Lifecycle"),
    "internal.terminationDate": ("termination_date", "Lifecycle"),
    "internal.terminationReason": ("termination_reason", "Lifecycle"),
    "internal.terminationType": ("termination_type", "Lifecycle"),
    "internal.notice": ("notice_period", "Lifecycle"),
    "internal.probationEndDate": ("probation_end_date", "Lifecycle"),
    "eeo.ethnicity": ("ethnicity", "EEO"),
    "eeo.jobCategory": ("eeo_job_category", "EEO"),
    "emergency.firstName": ("emergency_contact", "Emergency"),
    "emergency.surname": ("emergency_contact", "Emergency"),
    "emergency.relation": ("emergency_contact", "Emergency"),
    "emergency.phone": ("emergency_contact", "Emergency"),
    "peopleAnalytics.riskOfLeaving": ("risk_of_leaving", "People analytics"),
    "peopleAnalytics.impactOfLeaving": ("impact_of_leaving", "People analytics"),
    "workEligibility.rightToWork": ("work_eligibility", "Work eligibility"),
    "workEligibility.expiryDate": ("work_eligibility", "Work eligibility"),
    "training.lastCompletedTraining": ("training", "Training"),
    "training.lastTrainingDate": ("training", "Training"),
}

# HiBob's stable category id → (its bulk history table, the unified history it feeds, default section).
HISTORY_TABLES: dict[str, tuple[str, str, str]] = {
    "work": ("work", "work_history", "Work"),
    "employment": ("employment", "employment_history", "Employment"),
    "internal": ("lifecycle", "lifecycle_history", "Lifecycle"),
    "payroll": ("salaries", "compensation_history", "Payroll"),
}

# Fields HiBob hides without Edit on their category (full birth date, age) and those it masks
# ("*****1234") without it: HiBob's pre-field-level-permission "sensitive fields" rule (api notes §6.2).
NEEDS_EDIT_TO_READ = ("personal.birthDate", "personal.age")
MASKED_WITHOUT_EDIT = (
    "identification.ssn",
    "identification.passportNumber",
    "financial.accountNumber",
    "financial.iban",
)
MASK = re.compile(r"^\*{3,}")


def slug(text: str) -> str:
    """snake_case of a display name: "Work contact details" → "work_contact_details"."""
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def is_custom(field_id: str) -> bool:
    return ".custom." in field_id or field_id.startswith("category_")


def unified_name(field_id: str, field_name: str = "") -> str | None:
    """The unified name of a field; custom fields become custom_fields.<name>; None when unmapped."""
    if field_id in UNIFIED_FIELDS:
        return UNIFIED_FIELDS[field_id][0]
    if is_custom(field_id):
        return f"custom_fields.{slug(field_name or field_id.rsplit('.', 1)[-1])}"
    return None


def unified_names(fields: Iterable[tuple[str, str]]) -> list[str]:
    """Unified names of (field id, field name) pairs, deduplicated, in order."""
    names = (unified_name(field_id, name) for field_id, name in fields)
    return list(dict.fromkeys(n for n in names if n))


def default_section_fields(section: str) -> list[str]:
    """Unified names HiBob puts in a section out of the box (for plans made without an account)."""
    return list(dict.fromkeys(name for name, home in UNIFIED_FIELDS.values() if home == section))


def history_name(category_id: str, section: str) -> str:
    found = HISTORY_TABLES.get(category_id)
    return found[1] if found else f"{slug(section)}_history"


def default_category_id(section: str) -> str:
    """HiBob's category id of a history section by its out-of-the-box name ("" when it has no table)."""
    return next((cid for cid, (_, _, name) in HISTORY_TABLES.items() if name == section), "")


def sensitive_fields(section: str) -> tuple[str, ...]:
    """Unified names of the sensitive fields HiBob puts in a section out of the box."""
    ids = NEEDS_EDIT_TO_READ + MASKED_WITHOUT_EDIT
    return tuple(UNIFIED_FIELDS[f][0] for f in ids if UNIFIED_FIELDS[f][1] == section)


def is_masked(value: object) -> bool:
    return isinstance(value, str) and bool(MASK.match(value))
