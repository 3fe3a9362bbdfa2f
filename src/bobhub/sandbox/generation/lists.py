"""The company's named lists (departments, sites, titles, reasons, ...) and the org data they come from."""

from __future__ import annotations

from dataclasses import dataclass

from bobhub.sandbox.model import Company, ListItem, NamedList


@dataclass(frozen=True, slots=True)
class Site:
    """An office: its country, currency, holiday policy and phone prefix."""

    name: str
    country: str
    nationality: str
    currency: str
    holiday_policy: str
    phone_prefix: str
    weight: int


SITES = (
    Site("London", "United Kingdom", "British", "GBP", "Holiday UK", "+44 20", 22),
    Site("Manchester", "United Kingdom", "British", "GBP", "Holiday UK", "+44 161", 8),
    Site("New York", "United States", "American", "USD", "Holiday US", "+1 212", 24),
    Site("Austin", "United States", "American", "USD", "Holiday US", "+1 512", 12),
    Site("Berlin", "Germany", "German", "EUR", "Holiday EU", "+49 30", 12),
    Site("Amsterdam", "Netherlands", "Dutch", "EUR", "Holiday EU", "+31 20", 8),
    Site("Tel Aviv", "Israel", "Israeli", "ILS", "Holiday IL", "+972 3", 14),
)
ARCHIVED_SITE = "Paris"


@dataclass(frozen=True, slots=True)
class Family:
    """A top-level department: its sub-departments (two more levels) and its job titles by seniority."""

    name: str
    weight: int
    subs: tuple[tuple[str, tuple[str, ...]], ...]
    titles: tuple[str, ...]  # individual contributors, junior to senior
    lead: str
    head: str


FAMILIES = (
    Family(
        "Engineering",
        30,
        (
            ("Platform", ("Infrastructure", "Security")),
            ("Product Engineering", ("Backend", "Frontend", "Mobile")),
            ("Data", ("Analytics", "Machine Learning")),
        ),
        ("Junior Software Engineer", "Software Engineer", "Senior Software Engineer", "Staff Engineer"),
        "Engineering Manager",
        "VP Engineering",
    ),
    Family(
        "Product",
        7,
        (("Product Management", ()), ("Design", ("UX Research", "Product Design"))),
        ("Associate Product Manager", "Product Manager", "Product Designer", "Senior Product Manager"),
        "Group Product Manager",
        "VP Product",
    ),
    Family(
        "Sales",
        18,
        (("Sales EMEA", ()), ("Sales Americas", ()), ("Sales Development", ())),
        ("Sales Development Representative", "Account Executive", "Senior Account Executive"),
        "Sales Manager",
        "VP Sales",
    ),
    Family(
        "Marketing",
        8,
        (("Brand", ()), ("Growth", ("Performance Marketing", "Content"))),
        ("Marketing Coordinator", "Marketing Manager", "Content Writer", "Growth Marketer"),
        "Marketing Lead",
        "VP Marketing",
    ),
    Family(
        "Customer Success",
        14,
        (("Support", ("Support Tier 1", "Support Tier 2")), ("Account Management", ())),
        ("Support Specialist", "Customer Success Manager", "Senior Support Engineer"),
        "Customer Success Lead",
        "VP Customer Success",
    ),
    Family(
        "Finance",
        6,
        (("Accounting", ("Account Receivables", "Account Payables")), ("FP&A", ())),
        ("Accountant", "Financial Analyst", "Payroll Specialist", "Senior Accountant"),
        "Finance Manager",
        "CFO",
    ),
    Family(
        "People",
        5,
        (("Talent Acquisition", ()), ("People Operations", ())),
        ("Recruiter", "HR Generalist", "People Partner", "Senior Recruiter"),
        "People Operations Manager",
        "Chief People Officer",
    ),
    Family(
        "Operations",
        6,
        (("IT", ()), ("Facilities", ()), ("Legal", ())),
        ("IT Support Technician", "Office Manager", "Legal Counsel", "Systems Administrator"),
        "Operations Manager",
        "COO",
    ),
)
EXECUTIVE = "Executive"
CEO_TITLE = "CEO"
ORG_LEVELS = ("C-Level", "VP", "Manager", "Individual Contributor")

SIMPLE_LISTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "hobbies",
        (
            "Running",
            "Cooking",
            "Photography",
            "Hiking",
            "Chess",
            "Cycling",
            "Gaming",
            "Reading",
            "Yoga",
            "Travel",
            "Music",
            "Gardening",
            "Climbing",
            "Board games",
        ),
    ),
    ("orgLevels", ORG_LEVELS),
    ("payrollEmploymentType", ("Permanent", "Temporary", "Apprentice", "Contractor")),
    ("payrollEmploymentContract", ("Full-Time", "Part-Time", "Shifts")),
    ("salaryPayType", ("Salaried", "Hourly")),
    ("flsaCode", ("Exempt", "Non-Exempt")),
    ("pronouns", ("She/her", "He/him", "They/them")),
    ("honorific", ("Mr", "Ms", "Mrs", "Mx", "Dr")),
    ("legalGender", ("Female", "Male", "Non-binary")),
    ("familyStatus", ("Single", "Married", "Civil partnership", "Divorced", "Widowed")),
    ("country", ("United Kingdom", "United States", "Germany", "Netherlands", "Israel", "France")),
    (
        "nationality",
        (
            "British",
            "American",
            "German",
            "Dutch",
            "Israeli",
            "French",
            "Indian",
            "Spanish",
            "Irish",
            "Polish",
            "Brazilian",
            "Canadian",
        ),
    ),
    (
        "terminationReason",
        (
            "Resignation - new job",
            "Resignation - personal",
            "Relocation",
            "Performance",
            "Redundancy",
            "End of contract",
            "Retirement",
        ),
    ),
    ("terminationType", ("Voluntary", "Involuntary")),
    (
        "lifecycleReasonType",
        (
            "New hire",
            "Return from leave",
            "Sick leave",
            "Sabbatical",
            "Parental leave",
            "Notice period",
            "Resignation",
            "Dismissal",
            "Redundancy",
            "End of contract",
        ),
    ),
    ("changeType", ("Promotion", "Transfer", "Reorganisation", "Role change", "Correction")),
    (
        "ethnicity",
        (
            "Hispanic or Latino",
            "White",
            "Black or African American",
            "Asian",
            "Native Hawaiian or Other Pacific Islander",
            "American Indian or Alaska Native",
            "Two or more races",
            "Decline to state",
        ),
    ),
    (
        "jobCategory",
        (
            "Executive/Senior Level Officials and Managers",
            "First/Mid-Level Officials and Managers",
            "Professionals",
            "Technicians",
            "Sales Workers",
            "Administrative Support Workers",
        ),
    ),
    ("relation", ("Spouse", "Partner", "Parent", "Sibling", "Friend", "Child")),
    ("riskOfLeaving", ("Low", "Medium", "High")),
    ("impactOfLeaving", ("Low", "Medium", "High")),
    ("rightToWork", ("Citizen", "Permanent resident", "Work visa", "Settled status")),
    (
        "TrainingName",
        ("Security awareness", "Anti-harassment", "GDPR essentials", "First aid", "Leadership fundamentals"),
    ),
    ("frequency", ("Once", "Weekly", "Monthly", "Yearly")),
    ("bankaccounttype", ("Checking", "Savings")),
    ("bonusPlan", ("Company bonus", "Sales commission", "Executive bonus", "Retention bonus")),
)
# Retired values HiBob keeps in lists (shown with includeArchived); employees never get them here.
ARCHIVED_ITEMS = (
    ("payrollEmploymentType", "Intern (legacy)"),
    ("bonusPlan", "Bonus plan 2019"),
    ("title", "Webmaster"),
    ("department", "Legacy Projects"),
    ("site", ARCHIVED_SITE),
)


class Lists:
    """Builds the company's named lists and resolves (list, value) → item id while generating."""

    def __init__(self, company: Company) -> None:
        self.company = company
        self._id: dict[tuple[str, str], str] = {}
        self._ids: dict[str, list[str]] = {}

    def add(self, list_name: str, value: str, parent_id: str | None = None, *, archived: bool = False) -> str:
        named = self.company.lists.setdefault(list_name, NamedList(list_name))
        item_id = str(self.company.next_id())
        named.add(ListItem(item_id, value, archived=archived, parent_id=parent_id))
        return item_id

    def id(self, list_name: str, value: str) -> str:
        """The id of a live item by value (cached: the lists do not change while generating)."""
        key = (list_name, value)
        if key not in self._id:
            item = self.company.lists[list_name].find_value(value)
            if item is None:
                raise KeyError(f"{list_name}: {value}")
            self._id[key] = item.id
        return self._id[key]

    def ids(self, list_name: str) -> list[str]:
        """Ids of the list's live (non-archived) items, in list order."""
        if list_name not in self._ids:
            items = self.company.lists[list_name].by_id.values()
            self._ids[list_name] = [i.id for i in items if not i.archived]
        return self._ids[list_name]

    def build(self) -> None:
        self.add("department", EXECUTIVE)
        for family in FAMILIES:
            top = self.add("department", family.name)
            for sub, leaves in family.subs:
                mid = self.add("department", sub, top)
                for leaf in leaves:
                    self.add("department", leaf, mid)
        for site in SITES:
            self.add("site", site.name)
        for title in (CEO_TITLE, *(t for f in FAMILIES for t in (*f.titles, f.lead, f.head))):
            self.add("title", title)
        for name, values in SIMPLE_LISTS:
            for value in values:
                self.add(name, value)
        for name, value in ARCHIVED_ITEMS:
            self.add(name, value, archived=True)
