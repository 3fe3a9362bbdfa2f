"""Country names as HiBob wants them: its common English names ("United States"), never ISO codes.

HiBob refuses ISO codes where a country is expected (hibob-api-notes.md §11.2), so callers' "UK", "DE"
or "USA" become HiBob's common name before the account's own country list is consulted.
"""

from __future__ import annotations

# Common name → what callers also write for it (ISO 3166 alpha-2 and alpha-3 codes, usual short forms).
ALIASES: dict[str, tuple[str, ...]] = {
    "United States": ("US", "USA", "United States of America", "America", "U.S.", "U.S.A."),
    "United Kingdom": ("UK", "GB", "GBR", "Great Britain", "Britain", "England", "U.K."),
    "Germany": ("DE", "DEU", "Deutschland"),
    "France": ("FR", "FRA"),
    "Netherlands": ("NL", "NLD", "The Netherlands", "Holland"),
    "Israel": ("IL", "ISR"),
    "Ireland": ("IE", "IRL"),
    "Spain": ("ES", "ESP", "España"),
    "Italy": ("IT", "ITA", "Italia"),
    "Portugal": ("PT", "PRT"),
    "Belgium": ("BE", "BEL"),
    "Switzerland": ("CH", "CHE"),
    "Austria": ("AT", "AUT"),
    "Poland": ("PL", "POL"),
    "Sweden": ("SE", "SWE"),
    "Norway": ("NO", "NOR"),
    "Denmark": ("DK", "DNK"),
    "Finland": ("FI", "FIN"),
    "Czech Republic": ("CZ", "CZE", "Czechia"),
    "Romania": ("RO", "ROU"),
    "Greece": ("GR", "GRC"),
    "Canada": ("CA", "CAN"),
    "Mexico": ("MX", "MEX"),
    "Brazil": ("BR", "BRA", "Brasil"),
    "Argentina": ("AR", "ARG"),
    "India": ("IN", "IND"),
    "China": ("CN", "CHN"),
    "Japan": ("JP", "JPN"),
    "South Korea": ("KR", "KOR", "Korea"),
    "Singapore": ("SG", "SGP"),
    "Australia": ("AU", "AUS"),
    "New Zealand": ("NZ", "NZL"),
    "South Africa": ("ZA", "ZAF"),
    "United Arab Emirates": ("AE", "ARE", "UAE"),
    "Ukraine": ("UA", "UKR"),
}
_BY_ALIAS = {alias.casefold(): name for name, aliases in ALIASES.items() for alias in (name, *aliases)}


def common_name(value: str) -> str:
    """HiBob's common name for a country code or alternative name; other text is returned trimmed."""
    cleaned = value.strip()
    return _BY_ALIAS.get(cleaned.casefold(), cleaned)
