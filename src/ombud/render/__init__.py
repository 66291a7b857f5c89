"""Rendering: the public privacy policy and the Art. 30 register, from the declaration alone.

    render_policy(declaration, lang="sv", fmt="markdown")   # or fmt="html"
    render_register(declaration, lang="sv", fmt="csv")      # or fmt="markdown"

Texts are Swedish or English, from the Babel catalogs in `locale/`; the sections
and what each says are decided in `policy.py` and `register.py`, and the Jinja2
templates in `templates/` only lay them out.
"""

from __future__ import annotations

from typing import Literal

from ombud.declaration.model import Declaration
from ombud.render.catalog import LANGUAGES, Lang
from ombud.render.environment import environment, tidy
from ombud.render.policy import build_policy
from ombud.render.register import build_register, purpose_fields, register_csv

PolicyFormat = Literal["markdown", "html"]
RegisterFormat = Literal["markdown", "csv"]
POLICY_FORMATS: tuple[PolicyFormat, ...] = ("markdown", "html")
REGISTER_FORMATS: tuple[RegisterFormat, ...] = ("markdown", "csv")


def _check(option: str, value: str, accepted: tuple[str, ...]) -> None:
    if value not in accepted:
        raise ValueError(f"{option}: got {value!r}; expected one of: {', '.join(accepted)}")


def render_policy(declaration: Declaration, *, lang: Lang, fmt: PolicyFormat) -> str:
    """The public privacy policy (Art. 13–14) in `lang`, as Markdown or a complete HTML page."""
    _check("lang", lang, LANGUAGES)
    _check("fmt", fmt, POLICY_FORMATS)
    template = "policy.html.j2" if fmt == "html" else "policy.md.j2"
    view = build_policy(declaration, lang)
    return tidy(environment(lang, fmt).get_template(template).render(p=view))


def render_register(declaration: Declaration, *, lang: Lang, fmt: RegisterFormat) -> str:
    """The record of processing activities (Art. 30(1)) in `lang`, as Markdown or CSV."""
    _check("lang", lang, LANGUAGES)
    _check("fmt", fmt, REGISTER_FORMATS)
    view = build_register(declaration, lang)
    if fmt == "csv":
        return register_csv(view)
    template = environment(lang, fmt).get_template("register.md.j2")
    return tidy(template.render(r=view, fields=purpose_fields(lang)))


__all__ = [
    "LANGUAGES",
    "POLICY_FORMATS",
    "REGISTER_FORMATS",
    "Lang",
    "PolicyFormat",
    "RegisterFormat",
    "render_policy",
    "render_register",
]
