"""The words of requests, in Swedish and English: mail to the person, report headings.

A small dict-based catalog for now; it moves into the Babel catalogs of `ombud.render`
later, keeping these message ids. Placeholders are `str.format` fields.
"""

from __future__ import annotations

from typing import Any

LANGS = ("sv", "en")

MESSAGES: dict[str, dict[str, str]] = {
    "code.subject": {
        "sv": "Din kod för din begäran hos {controller}",
        "en": "Your code for your request to {controller}",
    },
    "code.body": {
        "sv": "Hej!\n\nVi har tagit emot en begäran ({type}) från den här adressen.\n"
        "Din engångskod är: {code}\n\nKoden gäller i {minutes} minuter. Om du inte har "
        "gjort någon begäran kan du bortse från det här meddelandet.\n\n{controller}",
        "en": "Hello,\n\nWe received a request ({type}) from this address.\n"
        "Your one-time code is: {code}\n\nThe code is valid for {minutes} minutes. If you "
        "made no request, you can ignore this message.\n\n{controller}",
    },
    "extension.subject": {
        "sv": "Vi behöver mer tid för din begäran",
        "en": "We need more time for your request",
    },
    "extension.body": {
        "sv": "Hej!\n\nVi förlänger tiden för att besvara din begäran ({type}) till {due}.\n"
        "Skäl: {reason}\n\nDataskyddsförordningen artikel 12.3 tillåter en förlängning med "
        "högst två månader. Du har rätt att klaga till {authority} ({website}).\n\n{controller}",
        "en": "Hello,\n\nWe are extending the time to answer your request ({type}) to {due}.\n"
        "Reason: {reason}\n\nGDPR Article 12(3) allows an extension of at most two months. "
        "You have the right to complain to {authority} ({website}).\n\n{controller}",
    },
    "lift.subject": {
        "sv": "Begränsningen av dina uppgifter upphör",
        "en": "The restriction of your data will be lifted",
    },
    "lift.body": {
        "sv": "Hej!\n\nVi häver begränsningen av behandlingen av dina uppgifter{purpose}. "
        "Skäl: {reason}\n\nVi meddelar dig innan begränsningen hävs, enligt "
        "dataskyddsförordningen artikel 18.3.\n\n{controller}",
        "en": "Hello,\n\nWe are lifting the restriction on the processing of your data"
        "{purpose}. Reason: {reason}\n\nWe tell you before it is lifted, as GDPR "
        "Article 18(3) requires.\n\n{controller}",
    },
    "done.subject": {
        "sv": "Din begäran är klar",
        "en": "Your request has been carried out",
    },
    "done.body": {
        "sv": "Hej!\n\nVi har genomfört din begäran ({type}).\n\n{summary}\n\n"
        "Du har rätt att klaga till {authority} ({website}).\n\n{controller}",
        "en": "Hello,\n\nWe have carried out your request ({type}).\n\n{summary}\n\n"
        "You have the right to complain to {authority} ({website}).\n\n{controller}",
    },
    "refused.subject": {
        "sv": "Vi kan inte tillmötesgå din begäran",
        "en": "We cannot grant your request",
    },
    "refused.body": {
        "sv": "Hej!\n\nVi kan inte tillmötesgå din begäran ({type}).\nSkäl: {reason}\n\n"
        "Du har rätt att klaga till {authority} ({website}) och att gå till domstol.\n\n"
        "{controller}",
        "en": "Hello,\n\nWe cannot grant your request ({type}).\nReason: {reason}\n\n"
        "You have the right to complain to {authority} ({website}) and to go to court.\n\n"
        "{controller}",
    },
}

TYPE_NAMES: dict[str, dict[str, str]] = {
    "access": {"sv": "registerutdrag", "en": "access to your data"},
    "rectification": {"sv": "rättelse", "en": "rectification"},
    "erasure": {"sv": "radering", "en": "erasure"},
    "restriction": {"sv": "begränsning", "en": "restriction"},
    "objection": {"sv": "invändning", "en": "objection"},
    "portability": {"sv": "dataportabilitet", "en": "data portability"},
    "consent_withdrawal": {"sv": "återkallat samtycke", "en": "withdrawal of consent"},
}


def message(key: str, lang: str, **fields: Any) -> str:
    """The message `key` in `lang` (Swedish for anything but English), fields filled in."""
    texts = MESSAGES[key]
    return texts["en" if lang == "en" else "sv"].format(**fields)


def type_name(request_type: str, lang: str) -> str:
    return TYPE_NAMES[request_type]["en" if lang == "en" else "sv"]


LEGAL_BASES: dict[str, dict[str, str]] = {
    "consent": {"sv": "samtycke (art. 6.1 a)", "en": "consent (Art. 6(1)(a))"},
    "contract": {"sv": "avtal (art. 6.1 b)", "en": "contract (Art. 6(1)(b))"},
    "legal_obligation": {
        "sv": "rättslig förpliktelse (art. 6.1 c)",
        "en": "legal obligation (Art. 6(1)(c))",
    },
    "vital_interest": {
        "sv": "grundläggande intresse (art. 6.1 d)",
        "en": "vital interests (Art. 6(1)(d))",
    },
    "public_task": {
        "sv": "uppgift av allmänt intresse (art. 6.1 e)",
        "en": "public task (Art. 6(1)(e))",
    },
    "legitimate_interest": {
        "sv": "berättigat intresse (art. 6.1 f)",
        "en": "legitimate interest (Art. 6(1)(f))",
    },
}

RIGHTS: dict[str, tuple[str, ...]] = {
    "sv": (
        "Rätt att få tillgång till dina uppgifter (art. 15).",
        "Rätt att få felaktiga uppgifter rättade och ofullständiga kompletterade (art. 16).",
        "Rätt att få dina uppgifter raderade (art. 17).",
        "Rätt att begära att behandlingen begränsas (art. 18).",
        "Rätt att få ut uppgifter du själv lämnat i ett maskinläsbart format (art. 20).",
        "Rätt att invända mot behandling som grundas på berättigat intresse, och alltid "
        "mot direktmarknadsföring (art. 21).",
        "Rätt att när som helst återkalla ett samtycke (art. 7.3).",
    ),
    "en": (
        "The right of access to your data (Art. 15).",
        "The right to have inaccurate data rectified and incomplete data completed (Art. 16).",
        "The right to erasure (Art. 17).",
        "The right to restriction of processing (Art. 18).",
        "The right to receive data you provided in a machine-readable format (Art. 20).",
        "The right to object to processing based on legitimate interest, and always to "
        "direct marketing (Art. 21).",
        "The right to withdraw a consent at any time (Art. 7(3)).",
    ),
}

REPORT: dict[str, dict[str, str]] = {
    "title": {"sv": "Registerutdrag", "en": "Access report"},
    "intro_some": {
        "sv": "Här är de personuppgifter vi behandlar om dig och hur vi gör det "
        "(dataskyddsförordningen artikel 15).",
        "en": "These are the personal data we process about you, and how (GDPR Article 15).",
    },
    "intro_none": {
        "sv": "Vi behandlar inga personuppgifter om dig under den här adressen.",
        "en": "We process no personal data about you under this address.",
    },
    "controller": {"sv": "Personuppgiftsansvarig", "en": "Controller"},
    "data": {"sv": "Dina uppgifter", "en": "Your data"},
    "category": {"sv": "Kategori", "en": "Category"},
    "values": {"sv": "Uppgifter", "en": "Values"},
    "purposes": {"sv": "Ändamål", "en": "Purposes"},
    "sources": {"sv": "Källa", "en": "Source"},
    "legal_basis": {"sv": "Rättslig grund", "en": "Legal basis"},
    "special_condition": {
        "sv": "Villkor för känsliga uppgifter (art. 9.2)",
        "en": "Condition for special categories (Art. 9(2))",
    },
    "legitimate_interest": {"sv": "Berättigat intresse", "en": "Legitimate interest"},
    "retention": {"sv": "Lagringstid", "en": "Retention"},
    "expires": {"sv": "Raderas senast", "en": "Erased by"},
    "recipients": {"sv": "Mottagare", "en": "Recipients"},
    "transfer": {"sv": "Överföring utanför EU/EES", "en": "Transfer outside the EU/EEA"},
    "automated": {"sv": "Automatiserade beslut", "en": "Automated decisions"},
    "no_automated": {
        "sv": "Vi fattar inga beslut om dig som enbart grundas på automatiserad behandling.",
        "en": "We make no decisions about you based solely on automated processing.",
    },
    "held": {"sv": "Uppgifter vi måste spara enligt lag", "en": "Data the law requires us to keep"},
    "law": {"sv": "Lag", "en": "Law"},
    "until": {"sv": "Sparas till", "en": "Kept until"},
    "rights": {"sv": "Dina rättigheter", "en": "Your rights"},
    "complaint": {"sv": "Rätt att klaga", "en": "The right to complain"},
    "complaint_text": {
        "sv": "Du har rätt att lämna klagomål till {authority}.",
        "en": "You have the right to lodge a complaint with {authority}.",
    },
    "generated": {"sv": "Upprättat", "en": "Generated"},
    "count": {
        "sv": "Registerutdrag under de senaste tolv månaderna: {count}",
        "en": "Access reports in the last twelve months: {count}",
    },
    "subject": {"sv": "du själv", "en": "you"},
    "observed": {"sv": "observerat när du använt tjänsten", "en": "observed from your use"},
    "status_active": {"sv": "pågår", "en": "active"},
    "status_restricted": {"sv": "begränsad", "en": "restricted"},
    "status_objected": {"sv": "stoppad efter invändning", "en": "stopped after objection"},
    "status_withdrawn": {"sv": "samtycke återkallat", "en": "consent withdrawn"},
}


def report_text(key: str, lang: str, **fields: Any) -> str:
    texts = REPORT[key]
    return texts["en" if lang == "en" else "sv"].format(**fields)
