"""Shared by every HTML page: the Jinja2 environments (one per language), the language
switch, flash messages and the response that renders a page.

Templates are autoescaped and translated through the `.po` catalogs of `ombud.render`
with Jinja2's i18n extension. The language comes from `?lang=` (then kept in a cookie),
else the cookie, else Swedish.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from jinja2 import Environment, PackageLoader, select_autoescape

from ombud.render.catalog import BABEL_LOCALE, LANGUAGES, N_, Lang, translations
from ombud.web.security import csrf_token, web_session

LANG_COOKIE = "ombud_lang"

REQUEST_TYPES = {
    "access": N_("Access"),
    "rectification": N_("Rectification"),
    "erasure": N_("Erasure"),
    "restriction": N_("Restriction"),
    "objection": N_("Objection"),
    "portability": N_("Portability"),
    "consent_withdrawal": N_("Consent withdrawal"),
}
SCREENING_KINDS = {
    "personnummer": N_("personal identity number"),
    "samordningsnummer": N_("co-ordination number"),
    "organisationsnummer": N_("organisation number"),
    "payment_card": N_("payment card"),
    "iban": N_("IBAN"),
    "bankgiro": N_("Bankgiro number"),
    "plusgiro": N_("PlusGiro number"),
    "phone": N_("phone number"),
    "email": N_("e-mail address"),
    "ip_address": N_("IP address"),
    "health": N_("health"),
    "religion": N_("religion or belief"),
    "political": N_("political opinion"),
    "trade_union": N_("trade-union membership"),
    "sex_life": N_("sex life or sexual orientation"),
    "ethnic_origin": N_("ethnic origin"),
    "genetic": N_("genetic data"),
    "biometric": N_("biometric data"),
    "criminal": N_("criminal offences"),
}
REQUEST_STATUSES = {
    "received": N_("Received, not yet verified"),
    "verified": N_("Received"),
    "in_progress": N_("In progress"),
    "completed": N_("Completed"),
    "refused": N_("Refused"),
}


@cache
def environment(lang: Lang) -> Environment:
    """The page templates in `lang`, autoescaped."""
    env = Environment(
        loader=PackageLoader("ombud.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_translations(translations(lang), newstyle=True)  # type: ignore[attr-defined]
    env.globals["locale"] = BABEL_LOCALE[lang]
    env.globals["request_types"] = REQUEST_TYPES
    env.globals["request_statuses"] = REQUEST_STATUSES
    env.globals["screening_kinds"] = SCREENING_KINDS
    return env


def chosen_lang(request: Request) -> Lang:
    """The page language: `?lang=`, else the cookie, else Swedish."""
    for candidate in (request.query_params.get("lang"), request.cookies.get(LANG_COOKIE)):
        for lang in LANGUAGES:
            if candidate == lang:
                return lang
    return "sv"


def flash(request: Request, message: str) -> None:
    """Show `message` (an untranslated msgid) on the next page this session sees."""
    web_session(request).setdefault("flash", []).append(message)


def page(request: Request, template: str, status_code: int = 200, **values: Any) -> HTMLResponse:
    """Render `template` in the request's language with the shared values."""
    lang = chosen_lang(request)
    session = web_session(request)
    messages = session.pop("flash", [])
    body = (
        environment(lang)
        .get_template(template)
        .render(
            lang=lang,
            other_lang="en" if lang == "sv" else "sv",
            path=request.url.path,
            csrf=csrf_token(request),
            messages=messages,
            signed_in="portal" in session,
            staff_name=session.get("staff"),
            controller=request.app.state.runtime.declaration.controller.name,
            **values,
        )
    )
    response = HTMLResponse(body, status_code=status_code)
    if request.query_params.get("lang") == lang:
        response.set_cookie(
            LANG_COOKIE, lang, max_age=365 * 24 * 3600, secure=True, httponly=True, samesite="lax"
        )
    return response


def see_other(url: str) -> RedirectResponse:
    """After a form post: go to `url` with GET (303)."""
    return RedirectResponse(url, status_code=303)
