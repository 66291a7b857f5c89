"""The access report as JSON (stable keys) and as printable HTML (Art. 15(3)).

The HTML is one self-contained page: no external assets, autoescaped, sv or en.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from functools import cache

from jinja2 import Environment, PackageLoader, select_autoescape

from ombud.rights.catalog import REPORT
from ombud.rights.model import AccessReport

SCHEMA = "ombud.access_report/1"


def report_json(report: AccessReport) -> str:
    """The report as JSON, keys sorted, with its schema name."""
    return json.dumps(
        {"schema": SCHEMA, **asdict(report)}, ensure_ascii=False, indent=2, sort_keys=True
    )


@cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("ombud.rights", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def report_html(report: AccessReport) -> str:
    """The report as one printable HTML page in the report's language."""
    lang = "en" if report.lang == "en" else "sv"
    words = {key: texts[lang] for key, texts in REPORT.items()}
    template = _environment().get_template("access_report.html.j2")
    return template.render(r=report, t=words, lang=lang)
