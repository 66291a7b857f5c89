"""The Art. 30(1) register: one row per purpose, every field filled, in CSV and Markdown."""

from __future__ import annotations

import csv
import io

import pytest

from ombud.render import render_register
from ombud.render.register import FIELDS, headings

ART_30_1 = {
    # Art. 30(1) point: the register columns that carry it
    "a": ["controller", "dpo"],
    "b": ["purpose"],
    "c": ["subjects", "categories"],
    "d": ["recipients"],
    "e": ["transfers"],
    "f": ["retention"],
    "g": ["security"],
}


def _rows(declaration, lang):
    return list(csv.reader(io.StringIO(render_register(declaration, lang=lang, fmt="csv"))))


def test_every_art_30_1_point_has_a_column():
    columns = {name for name, _ in FIELDS}
    for point, names in ART_30_1.items():
        assert set(names) <= columns, point
    assert {"legal_basis", "special_condition"} <= columns


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_csv_has_the_header_and_one_filled_row_per_purpose(declaration, lang):
    header, *rows = _rows(declaration, lang)
    assert tuple(header) == headings(lang)
    assert [row[0] for row in rows] == list(declaration.purposes)
    for row in rows:
        assert len(row) == len(header)
        empty = [h for h, value in zip(header, row, strict=True) if not value.strip()]
        assert not empty, f"{row[0]}: empty fields {empty}"


def test_csv_headers_are_swedish_for_the_swedish_register(declaration):
    header = _rows(declaration, "sv")[0]
    assert "Kategorier av registrerade" in header
    assert "Tidsfrister för radering" in header
    assert "Kategorier av mottagare, även i tredjeland" in header


def test_transfers_and_third_country_recipients_are_recorded(declaration):
    rows = {
        row[0]: dict(zip(_rows(declaration, "en")[0], row, strict=True))
        for row in _rows(declaration, "en")[1:]
    }
    newsletter = rows["newsletter"]
    assert (
        "Mailer Inc. (United States)"
        in newsletter["Categories of recipients, including in third countries"]
    )
    assert (
        "standard contractual clauses" in newsletter["Transfers to third countries and safeguards"]
    )
    assert rows["membership"]["Transfers to third countries and safeguards"] == (
        "No transfers outside the EU/EEA"
    )


def test_legal_holds_extend_the_time_limits_for_erasure(declaration):
    rows = {row[0]: row for row in _rows(declaration, "sv")[1:]}
    retention = rows["booking"][headings("sv").index("Tidsfrister för radering")]
    assert retention.startswith("24 månader efter bokningen; Räkenskapsinformation")
    assert "Bokföringslagen (1999:1078) 7 kap. 2 §" in retention


def test_special_category_condition_and_dpo_are_recorded(declaration):
    rows = {row[0]: row for row in _rows(declaration, "en")[1:]}
    columns = headings("en")
    condition = columns.index("Condition for special categories (Article 9(2))")
    assert rows["coaching"][condition] == "Explicit consent (Article 9(2)(a))"
    assert rows["membership"][condition] == "No special categories of personal data"
    assert rows["membership"][columns.index("Data protection officer")] == (
        "Dataskyddsombudet; dso@friskvard.example"
    )


def test_markdown_register_has_a_section_per_purpose(declaration):
    text = render_register(declaration, lang="sv", fmt="markdown")
    assert text.startswith("# Register över behandling: Föreningen Friskvård Exempel\n")
    for purpose in declaration.purposes.values():
        assert f"\n## {purpose.name.sv}\n" in text
