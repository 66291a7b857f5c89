"""The words of requests: mails to the person, report wording, what an erasure kept and why.

The texts are msgids in the Babel catalogs of `ombud.render` (English source, Swedish
translation), marked here for `make messages` and translated where they are used.
The access report's headings live in its template (`templates/access_report.html.j2`).
Anything but English is written in Swedish, the language a request defaults to.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ombud.declaration.model import LegalBasis
from ombud.render.catalog import N_, NN_, NP_, Lang, translations

# kind -> (subject, body); the body's fields are filled by `mail_text`.
MAILS: dict[str, tuple[str, str]] = {
    "code": (
        N_("Your code for your request to %(controller)s"),
        N_(
            "Hello,\n\nWe received a request (%(type)s) from this address.\n"
            "Your one-time code is: %(code)s\n\nThe code is valid for %(minutes)d minutes. If "
            "you made no request, you can ignore this message.\n\n%(controller)s"
        ),
    ),
    "extension": (
        N_("We need more time for your request"),
        N_(
            "Hello,\n\nWe are extending the time to answer your request (%(type)s) to "
            "%(due)s.\nReason: %(reason)s\n\nGDPR Article 12(3) allows an extension of at most "
            "two months. You have the right to complain to %(authority)s (%(website)s).\n\n"
            "%(controller)s"
        ),
    ),
    "lift": (
        N_("The restriction of your data will be lifted"),
        N_(
            "Hello,\n\nWe are lifting the restriction on the processing of your data"
            "%(purpose)s. Reason: %(reason)s\n\nWe tell you before it is lifted, as GDPR "
            "Article 18(3) requires.\n\n%(controller)s"
        ),
    ),
    "done": (
        N_("Your request has been carried out"),
        N_(
            "Hello,\n\nWe have carried out your request (%(type)s).\n\n%(summary)s\n\n"
            "You have the right to complain to %(authority)s (%(website)s).\n\n%(controller)s"
        ),
    ),
    "refused": (
        N_("We cannot grant your request"),
        N_(
            "Hello,\n\nWe cannot grant your request (%(type)s).\nReason: %(reason)s\n\n"
            "You have the right to complain to %(authority)s (%(website)s) and to go to "
            "court.\n\n%(controller)s"
        ),
    ),
}

# How a request's type reads inside a sentence: "your request (erasure)".
TYPE_NAMES: dict[str, tuple[str, str]] = {
    "access": NP_("request type", "access to your data"),
    "rectification": NP_("request type", "rectification"),
    "erasure": NP_("request type", "erasure"),
    "restriction": NP_("request type", "restriction"),
    "objection": NP_("request type", "objection"),
    "portability": NP_("request type", "data portability"),
    "consent_withdrawal": NP_("request type", "withdrawal of consent"),
}

LEGAL_BASES: dict[LegalBasis, str] = {
    LegalBasis.consent: N_("consent (Art. 6(1)(a))"),
    LegalBasis.contract: N_("contract (Art. 6(1)(b))"),
    LegalBasis.legal_obligation: N_("legal obligation (Art. 6(1)(c))"),
    LegalBasis.vital_interest: N_("vital interests (Art. 6(1)(d))"),
    LegalBasis.public_task: N_("public task (Art. 6(1)(e))"),
    LegalBasis.legitimate_interest: N_("legitimate interest (Art. 6(1)(f))"),
}

RIGHTS: tuple[str, ...] = (
    N_("The right of access to your data (Art. 15)."),
    N_("The right to have inaccurate data rectified and incomplete data completed (Art. 16)."),
    N_("The right to erasure (Art. 17)."),
    N_("The right to restriction of processing (Art. 18)."),
    N_("The right to receive data you provided in a machine-readable format (Art. 20)."),
    N_(
        "The right to object to processing based on legitimate interest, and always to "
        "direct marketing (Art. 21)."
    ),
    N_("The right to withdraw a consent at any time (Art. 7(3))."),
)

# Where a record came from, when it was not a named third party.
SOURCES: dict[str, str] = {
    "subject": N_("you"),
    "observed": N_("observed from your use"),
}

BASIS_STATUSES: dict[str, tuple[str, str]] = {
    "active": NP_("basis status", "active"),
    "restricted": NP_("basis status", "restricted"),
    "objected": NP_("basis status", "stopped after objection"),
    "withdrawn": NP_("basis status", "consent withdrawn"),
}

# What carrying out a request did, as the person reads it in the closing mail.
NOTHING_HELD = N_("We hold no personal data about you under this address, so nothing was changed.")
ERASED = NN_("We erased %(num)d record.", "We erased %(num)d records.")
ACCESS_DONE = N_(
    "Your access report is attached: %(values)d values in %(categories)d categories. "
    "Access reports in the last twelve months: %(count)d."
)
ACCESS_FREE = N_("The report is free of charge.")
ACCESS_BEYOND_FREE = N_("The report is beyond the free ones we promise, and you get it anyway.")
EXPORTED = NN_(
    "Attached is the %(num)d record you gave us, as JSON and CSV.",
    "Attached are the %(num)d records you gave us, as JSON and CSV.",
)
RECTIFIED = N_("Corrected records: %(corrected)d. Completed categories: %(completed)d.")
RESTRICTED = N_(
    "We have restricted the processing of your data: we only store it, or use it as "
    "GDPR Article 18(2) allows."
)
MARKETING_STOPPED = N_(
    "We stopped all direct marketing to you at once, and blocked it for good "
    "(a direct-marketing block)."
)
AWAITING_BALANCING = N_(
    "We have restricted the processing for %(purpose)s until we have weighed your "
    "objection against our reasons (GDPR Article 21(1))."
)
OBJECTION_UPHELD = N_("Your objection is upheld: the processing has stopped. %(reason)s")
OBJECTION_NOT_UPHELD = N_("Your objection is not upheld: the processing resumes. %(reason)s")
WITHDRAWN = NN_(
    "We have recorded that you withdrew %(num)d consent.",
    "We have recorded that you withdrew %(num)d consents.",
)
KEPT_IN_HOLD = N_("%(category)s: kept in a segregated hold under %(law)s until %(until)s.")
# Kept in place (Art. 17(3)): with the day it goes, or while its clock has not started.
KEPT_FOR_PURPOSE = {
    True: N_("%(category)s: kept for %(purpose)s (GDPR Article 17(3)(b)) until %(until)s."),
    False: N_(
        "%(category)s: kept for %(purpose)s (GDPR Article 17(3)(b)); when that ends is not "
        "yet known."
    ),
}
KEPT_FOR_CLAIMS = {
    True: N_("%(category)s: kept for legal claims (GDPR Article 17(3)(e)) until %(until)s."),
    False: N_(
        "%(category)s: kept for legal claims (GDPR Article 17(3)(e)); when that ends is not "
        "yet known."
    ),
}


def language(lang: str) -> Lang:
    """The catalog a request in `lang` is written from: English, or else Swedish."""
    return "en" if lang == "en" else "sv"


def text(msgid: str, lang: str, **fields: Any) -> str:
    """`msgid` in `lang`, its `%(name)s` fields filled in."""
    return translations(language(lang)).gettext(msgid) % fields


def plural(forms: tuple[str, str], num: int, lang: str, **fields: Any) -> str:
    """The singular or plural of `forms` for `num` in `lang`, `%(num)d` and `fields` filled."""
    return translations(language(lang)).ngettext(*forms, num) % {"num": num, **fields}


def mail_text(kind: str, lang: str, fields: Mapping[str, Any]) -> tuple[str, str]:
    """The subject and body of the mail `kind` in `lang`, with `fields` filled in."""
    subject, body = MAILS[kind]
    return text(subject, lang, **fields), text(body, lang, **fields)


def type_name(request_type: str, lang: str) -> str:
    """How the request type reads inside a sentence in `lang`."""
    return str(translations(language(lang)).pgettext(*TYPE_NAMES[request_type]))


def legal_basis_name(basis: LegalBasis, lang: str) -> str:
    """The legal basis with its article, lower case, as the access report names it."""
    return text(LEGAL_BASES[basis], lang)


def rights(lang: str) -> tuple[str, ...]:
    """The person's rights, one sentence each, citing their article."""
    return tuple(text(right, lang) for right in RIGHTS)


def source_name(source: str, lang: str) -> str:
    """`subject` or `observed` in words."""
    return text(SOURCES[source], lang)


def basis_status_name(status: str, lang: str) -> str:
    """A basis status (`active`, `restricted` ...) as the person reads it."""
    return str(translations(language(lang)).pgettext(*BASIS_STATUSES[status]))
