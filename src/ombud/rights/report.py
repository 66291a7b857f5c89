"""The access report as JSON (stable keys) and as printable HTML (Art. 15(3)).

The HTML is one self-contained page: no external assets, autoescaped, sv or en; its
headings are msgids in the Babel catalogs, through Jinja2's i18n extension.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from functools import cache

from jinja2 import Environment, PackageLoader, select_autoescape

from ombud.render.catalog import Lang, translations
from ombud.rights.model import AccessReport
from ombud.rights.wording import language

SCHEMA = "ombud.access_report/1"


def report_json(report: AccessReport) -> str:
    """The report as JSON, keys sorted, with its schema name."""
    return json.dumps(
        {"schema": SCHEMA, **asdict(report)}, ensure_ascii=False, indent=2, sort_keys=True
    )


@cache
def _environment(lang: Lang) -> Environment:
    env = Environment(
        loader=PackageLoader("ombud.rights", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_translations(translations(lang), newstyle=True)  # type: ignore[attr-defined]
    return env


def report_html(report: AccessReport) -> str:
    """The report as one printable HTML page in the report's language."""
    lang = language(report.lang)
    template = _environment(lang).get_template("access_report.html.j2")
    return template.render(r=report, lang=lang)
