"""HiBob's standard field catalogue as plain data: categories, field definitions and their list names.

Field ids are HiBob's canonical dot ids; the prefix is not the category (HiBob moves fields between
categories without renaming them, e.g. `root.email` lives in "Work contact details"). The generator copies
these objects into every company, so metadata writes never touch the catalogue.
"""

from __future__ import annotations

from functools import partial

from bobhub.sandbox.model import Category, FieldDef

EQUIPMENT_CATEGORY = "category_1720508362305"
LAPTOP_BUDGET = "work.custom.field_1711886937296"
BONUS_PLAN = "payroll.custom.field_1711886937301"
LAPTOP_MODEL = f"{EQUIPMENT_CATEGORY}.custom.field_1720508391123"
LAPTOP_SERIAL = f"{EQUIPMENT_CATEGORY}.custom.field_1720508391124"

CATEGORIES: tuple[Category, ...] = (
    Category("root", "Basic info"),
    Category("about", "About"),
    Category("work", "Work"),
    Category("workContact", "Work contact details"),
    Category("personalContact", "Personal contact details"),
    Category("employment", "Employment"),
    Category("personal", "Personal"),
    Category("home", "Home"),
    Category("address", "Address"),
    Category("payroll", "Payroll"),
    Category("financial", "Financial"),
    Category("identification", "Identification"),
    Category("internal", "Lifecycle"),
    Category("eeo", "EEO"),
    Category("emergency", "Emergency"),
    Category("peopleAnalytics", "People analytics"),
    Category("workEligibility", "Work eligibility"),
    Category("training", "Training"),
    Category(EQUIPMENT_CATEGORY, "Equipment", custom=True),
)


def _field(
    field_id: str,
    category: str,
    name: str,
    kind: str = "text",
    list_id: str | None = None,
    *,
    historical: bool = False,
    calculated: bool = False,
    custom: bool = False,
) -> FieldDef:
    # Root fields sit at the top of the employee object, so their jsonPath drops the "root." prefix.
    json_path = field_id.removeprefix("root.") if field_id.startswith("root.") else field_id
    return FieldDef(
        id=field_id,
        category_id=category,
        name=name,
        type=kind,
        json_path=json_path,
        list_id=list_id,
        historical=historical,
        calculated=calculated,
        custom=custom,
    )


F = _field
H = partial(_field, historical=True)

FIELDS: tuple[FieldDef, ...] = (
    # Basic info
    F("root.id", "root", "Employee ID", calculated=True),
    F("root.firstName", "root", "First name"),
    F("root.surname", "root", "Last name"),
    F("root.secondName", "root", "Middle name"),
    F("root.displayName", "root", "Display name"),
    F("root.fullName", "root", "Full name", calculated=True),
    F("root.avatarUrl", "root", "Avatar", calculated=True),
    F("root.creationDate", "root", "Creation date", "date", calculated=True),
    F("root.companyId", "root", "Company ID", "number", calculated=True),
    # About
    F("about.about", "about", "About", "text-area"),
    F("about.hobbies", "about", "Hobbies", "multi-list", "hobbies"),
    F("about.socialData.linkedin", "about", "LinkedIn"),
    # Work
    H("work.title", "work", "Job title", "list", "title"),
    H("work.department", "work", "Department", "hierarchy-list", "department"),
    # HiBob returns the site by name and its id separately (siteId is the list item id, an integer).
    H("work.site", "work", "Site"),
    H("work.siteId", "work", "Site ID", "list", "site"),
    F("work.startDate", "work", "Start date", "date"),
    F("work.originalStartDate", "work", "Original start date", "date"),
    H("work.activeEffectiveDate", "work", "Work effective date", "date", calculated=True),
    H("work.manager", "work", "Manager", "employee-reference"),
    H("work.reportsTo", "work", "Reports to", "employee-reference"),
    F("work.secondLevelManager", "work", "Second level manager", "employee-reference", calculated=True),
    F("work.isManager", "work", "Is manager", "boolean", calculated=True),
    F("work.employeeIdInCompany", "work", "Employee ID in company", "number"),
    F("work.tenureDuration", "work", "Tenure", calculated=True),
    F("employee.orgLevel", "work", "Org level", "list", "orgLevels", calculated=True),
    F(LAPTOP_BUDGET, "work", "Laptop budget", "number", custom=True),
    # Work contact details
    F("root.email", "workContact", "Email"),
    F("work.workPhone", "workContact", "Work phone"),
    F("work.workMobile", "workContact", "Work mobile"),
    # Personal contact details
    F("home.privateEmail", "personalContact", "Personal email"),
    F("home.mobilePhone", "personalContact", "Personal mobile"),
    F("home.privatePhone", "personalContact", "Personal phone"),
    # Employment (the payroll.employment.* ids mirror the employment table)
    H("payroll.employment.type", "employment", "Employment type", "list", "payrollEmploymentType"),
    H("payroll.employment.contract", "employment", "Contract", "list", "payrollEmploymentContract"),
    H("payroll.employment.salaryPayType", "employment", "Salary pay type", "list", "salaryPayType"),
    H("payroll.employment.fte", "employment", "FTE %", "number"),
    H("payroll.employment.weeklyHours", "employment", "Weekly hours", "number"),
    H("payroll.employment.flsaCode", "employment", "FLSA code", "list", "flsaCode"),
    # Personal
    F("personal.birthDate", "personal", "Date of birth", "date"),
    F("personal.shortBirthDate", "personal", "Birthday", "short-date", calculated=True),
    F("personal.age", "personal", "Age", "number", calculated=True),
    F("personal.pronouns", "personal", "Pronouns", "list", "pronouns"),
    F("personal.honorific", "personal", "Title", "list", "honorific"),
    F("personal.nationality", "personal", "Nationality", "multi-list", "nationality"),
    # Home
    F("home.legalGender", "home", "Legal gender", "list", "legalGender"),
    F("home.familyStatus", "home", "Marital status", "list", "familyStatus"),
    F("home.numberOfKids", "home", "Number of children", "number"),
    # Address
    F("address.line1", "address", "Address line 1"),
    F("address.line2", "address", "Address line 2"),
    F("address.city", "address", "City"),
    F("address.postCode", "address", "Postal code"),
    F("address.country", "address", "Country", "list", "country"),
    F("address.fullAddress", "address", "Full address", calculated=True),
    # Payroll
    H("payroll.salary.payment", "payroll", "Base salary", "currency"),
    H("payroll.salary.yearlyPayment", "payroll", "Yearly salary", "currency", calculated=True),
    H("payroll.salary.payPeriod", "payroll", "Salary pay period"),
    F("payroll.taxCode", "payroll", "Tax code"),
    F("payroll.nin", "payroll", "National insurance number"),
    F(BONUS_PLAN, "payroll", "Bonus plan", "list", "bonusPlan", custom=True),
    # Financial
    F("financial.iban", "financial", "IBAN"),
    F("financial.accountNumber", "financial", "Account number"),
    F("financial.bankName", "financial", "Bank name"),
    F("financial.routingNumber", "financial", "Routing number"),
    # Identification
    F("identification.ssn", "identification", "SSN"),
    F("identification.passportNumber", "identification", "Passport number"),
    # Lifecycle (internal.*)
    H("internal.status", "internal", "Status"),
    H("internal.lifecycleStatus", "internal", "Lifecycle status"),
    F("internal.currentActiveStatusStartDate", "internal", "Status start date", "date", calculated=True),
    F("internal.terminationDate", "internal", "Termination date", "date"),
    F("internal.terminationReason", "internal", "Termination reason", "list", "terminationReason"),
    F("internal.terminationType", "internal", "Termination type", "list", "terminationType"),
    F("internal.notice", "internal", "Notice period"),
    F("internal.probationEndDate", "internal", "Probation end date", "date"),
    # EEO
    F("eeo.ethnicity", "eeo", "Ethnicity", "list", "ethnicity"),
    F("eeo.jobCategory", "eeo", "Job category", "list", "jobCategory"),
    # Emergency
    F("emergency.firstName", "emergency", "Emergency contact first name"),
    F("emergency.surname", "emergency", "Emergency contact last name"),
    F("emergency.relation", "emergency", "Relation", "list", "relation"),
    F("emergency.phone", "emergency", "Emergency contact phone"),
    # People analytics
    F("peopleAnalytics.riskOfLeaving", "peopleAnalytics", "Risk of leaving", "list", "riskOfLeaving"),
    F("peopleAnalytics.impactOfLeaving", "peopleAnalytics", "Impact of leaving", "list", "impactOfLeaving"),
    # Work eligibility
    F("workEligibility.rightToWork", "workEligibility", "Right to work", "list", "rightToWork"),
    F("workEligibility.expiryDate", "workEligibility", "Right to work expiry date", "date"),
    # Training
    F("training.lastCompletedTraining", "training", "Last completed training", "list", "TrainingName"),
    F("training.lastTrainingDate", "training", "Last training date", "date"),
    # Equipment (a custom category)
    F(LAPTOP_MODEL, EQUIPMENT_CATEGORY, "Laptop model", custom=True),
    F(LAPTOP_SERIAL, EQUIPMENT_CATEGORY, "Laptop serial", custom=True),
)
