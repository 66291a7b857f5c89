"""Country facts the transfer rules need (GDPR Chapter V).

EU/EEA: the 27 member states plus Iceland, Liechtenstein and Norway (EEA Agreement).
Adequacy (Art. 45): the countries with a Commission adequacy decision in force, as
listed by the European Commission's page on adequacy decisions (read 2026). The
United States is adequate only for organisations certified under the EU–US Data
Privacy Framework (decision of 10 July 2023), so it is not in the general list.
"""

EU_EEA = frozenset(
    (
        "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE IS LI NO"
    ).split()
)

ADEQUATE = frozenset("AD AR CA FO GG IL IM JP JE NZ KR CH GB UY".split())

DATA_PRIVACY_FRAMEWORK = "US"


def in_eu_eea(country: str) -> bool:
    """True where no Chapter V transfer rule applies."""
    return country in EU_EEA
