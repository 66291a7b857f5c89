"""How the events that start or end a retention clock are said, in Swedish and English.

An event is written in up to four forms, because Swedish needs a different verb form
in each place a rule puts it:

    noun    "24 månader efter bokningen"                       (optional)
    after   "36 månader efter att medlemskapet avslutats"      (perfect, after "att")
    year    "… det kalenderår då räkenskapsåret avslutades"    (past)
    until   "tills samtycket återkallas"                       (present)

The declaration may name events this table does not know; they are still said
readably ("händelsen ”course_finished”" becomes "händelsen ”course finished”").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ombud.render.catalog import N_, NP_, Lang, translations

Form = Literal["after", "year", "until"]


@dataclass(frozen=True)
class EventWording:
    """The catalog entries for one event: a noun (if it reads well) and three clauses."""

    after: tuple[str, str]
    year: tuple[str, str]
    until: tuple[str, str]
    noun: str | None = None

    def clause(self, form: Form) -> tuple[str, str]:
        """The (context, msgid) of the clause in `form`."""
        return {"after": self.after, "year": self.year, "until": self.until}[form]


# Every string is written out in full so `pybabel extract` finds it.
EVENTS: dict[str, EventWording] = {
    "membership_ended": EventWording(
        after=NP_("after", "the membership ended"),
        year=NP_("in the year", "the membership ended"),
        until=NP_("until", "the membership ends"),
    ),
    "booking_made": EventWording(
        noun=N_("the booking"),
        after=NP_("after", "the booking was made"),
        year=NP_("in the year", "the booking was made"),
        until=NP_("until", "the booking is made"),
    ),
    "collected": EventWording(
        noun=N_("collection"),
        after=NP_("after", "the data was collected"),
        year=NP_("in the year", "the data was collected"),
        until=NP_("until", "the data is collected"),
    ),
    "last_contact": EventWording(
        noun=N_("the last contact"),
        after=NP_("after", "we were last in contact"),
        year=NP_("in the year", "we were last in contact"),
        until=NP_("until", "we are next in contact"),
    ),
    "contract_ended": EventWording(
        after=NP_("after", "the contract ended"),
        year=NP_("in the year", "the contract ended"),
        until=NP_("until", "the contract ends"),
    ),
    "final_payment": EventWording(
        after=NP_("after", "the final payment was made"),
        year=NP_("in the year", "the final payment was made"),
        until=NP_("until", "the final payment is made"),
    ),
    "account_closed": EventWording(
        after=NP_("after", "the account was closed"),
        year=NP_("in the year", "the account was closed"),
        until=NP_("until", "the account is closed"),
    ),
    "support_case_closed": EventWording(
        after=NP_("after", "the support case was closed"),
        year=NP_("in the year", "the support case was closed"),
        until=NP_("until", "the support case is closed"),
    ),
    "objection": EventWording(
        noun=N_("your objection"),
        after=NP_("after", "you objected"),
        year=NP_("in the year", "you objected"),
        until=NP_("until", "you object"),
    ),
    "consent_withdrawn": EventWording(
        after=NP_("after", "the consent was withdrawn"),
        year=NP_("in the year", "the consent was withdrawn"),
        until=NP_("until", "the consent is withdrawn"),
    ),
    "erasure_requested": EventWording(
        after=NP_("after", "you asked for erasure"),
        year=NP_("in the year", "you asked for erasure"),
        until=NP_("until", "you ask for erasure"),
    ),
    "debt_collection_closed": EventWording(
        after=NP_("after", "the debt collection case was closed"),
        year=NP_("in the year", "the debt collection case was closed"),
        until=NP_("until", "the debt collection case is closed"),
    ),
    "education_ended": EventWording(
        after=NP_("after", "the education ended"),
        year=NP_("in the year", "the education ended"),
        until=NP_("until", "the education ends"),
    ),
    "course_ended": EventWording(
        after=NP_("after", "the course ended"),
        year=NP_("in the year", "the course ended"),
        until=NP_("until", "the course ends"),
    ),
    "employment_ended": EventWording(
        after=NP_("after", "the employment ended"),
        year=NP_("in the year", "the employment ended"),
        until=NP_("until", "the employment ends"),
    ),
    "customer_relationship_ended": EventWording(
        after=NP_("after", "the customer relationship ended"),
        year=NP_("in the year", "the customer relationship ended"),
        until=NP_("until", "the customer relationship ends"),
    ),
    "fiscal_year_end": EventWording(
        noun=N_("the end of the financial year"),
        after=NP_("after", "the financial year ended"),
        year=NP_("in the year", "the financial year ended"),
        until=NP_("until", "the financial year ends"),
    ),
    "last_login": EventWording(
        noun=N_("your last login"),
        after=NP_("after", "you last logged in"),
        year=NP_("in the year", "you last logged in"),
        until=NP_("until", "you next log in"),
    ),
    "last_visit": EventWording(
        noun=N_("your last visit"),
        after=NP_("after", "you last visited us"),
        year=NP_("in the year", "you last visited us"),
        until=NP_("until", "you next visit us"),
    ),
    "last_activity": EventWording(
        noun=N_("your last activity"),
        after=NP_("after", "you were last active"),
        year=NP_("in the year", "you were last active"),
        until=NP_("until", "you are next active"),
    ),
    "placement_ended": EventWording(
        after=NP_("after", "the work placement ended"),
        year=NP_("in the year", "the work placement ended"),
        until=NP_("until", "the work placement ends"),
    ),
    "contact_completed": EventWording(
        after=NP_("after", "the contact was completed"),
        year=NP_("in the year", "the contact was completed"),
        until=NP_("until", "the contact is completed"),
    ),
    "block_lifted": EventWording(
        after=NP_("after", "the block was lifted"),
        year=NP_("in the year", "the block was lifted"),
        until=NP_("until", "the block is lifted"),
    ),
    "session_ended": EventWording(
        noun=N_("the end of the session"),
        after=NP_("after", "the session ended"),
        year=NP_("in the year", "the session ended"),
        until=NP_("until", "the session ends"),
    ),
}

_UNKNOWN = EventWording(
    noun=N_("the event “%(name)s”"),
    after=NP_("after", "the event “%(name)s” happened"),
    year=NP_("in the year", "the event “%(name)s” happened"),
    until=NP_("until", "the event “%(name)s” happens"),
)


def _wording(name: str) -> EventWording:
    return EVENTS.get(name, _UNKNOWN)


def _readable(name: str) -> str:
    """An unknown event name as words: `course_finished` → `course finished`."""
    return name.replace("_", " ")


def event_noun(name: str, lang: Lang) -> str | None:
    """The event as a noun ("bokningen"), or None where only a clause reads well."""
    msgid = _wording(name).noun
    if msgid is None:
        return None
    return translations(lang).gettext(msgid) % {"name": _readable(name)}


def event_clause(name: str, form: Form, lang: Lang) -> str:
    """The event as a clause in the verb form `form` needs ("medlemskapet avslutats")."""
    context, msgid = _wording(name).clause(form)
    return str(translations(lang).pgettext(context, msgid)) % {"name": _readable(name)}
