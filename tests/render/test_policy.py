"""What the policy says follows from the declaration: sections, rights and escaping."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

import ombud.render
from ombud.declaration import Declaration
from ombud.declaration.model import (
    CookiePurpose,
    LegalBasis,
    PersonnummerNeed,
    RecipientKind,
    Requirement,
    SourceKind,
    SpecialCondition,
    Text,
    TransferMechanism,
)
from ombud.render import render_policy, wording
from ombud.render.policy import build_policy

VOID = {"meta", "br", "hr", "img", "input", "link"}


class _TagBalance(HTMLParser):
    """Fails on an end tag that closes something other than the innermost open element."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.open[-1:] or 'nothing'}")
        else:
            self.open.pop()


def _replace_purpose(declaration: Declaration, key: str, **changes: object) -> Declaration:
    purposes = dict(declaration.purposes)
    purposes[key] = purposes[key].model_copy(update=changes)
    return declaration.model_copy(update={"purposes": purposes})


def _only_purposes(declaration: Declaration, *keys: str) -> Declaration:
    kept = {k: v for k, v in declaration.purposes.items() if k in keys}
    return declaration.model_copy(update={"purposes": kept})


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_html_is_a_complete_well_formed_page_in_its_language(declaration, lang):
    page = render_policy(declaration, lang=lang, fmt="html")
    assert page.startswith("<!DOCTYPE html>\n")
    assert f'<html lang="{lang}">' in page
    assert "<style>" in page and "<title>" in page
    assert "http://" not in page.split("<main>")[0] and "<link" not in page  # no external assets
    assert "&lt;a " not in page  # our own markup is never escaped twice
    checker = _TagBalance()
    checker.feed(page)
    checker.close()
    assert checker.problems == [] and checker.open == []


def test_html_escapes_a_script_in_a_declared_text(declaration):
    attack = Text(sv="<script>alert('x')</script> & mer", en="<script>alert('x')</script>")
    hostile = _replace_purpose(declaration, "membership", description=attack, name=attack)
    page = render_policy(hostile, lang="sv", fmt="html")
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; mer" in page


def test_html_links_only_web_addresses(declaration):
    rights = declaration.rights.model_copy(update={"portal_url": "javascript:alert(1)"})
    page = render_policy(declaration.model_copy(update={"rights": rights}), lang="en", fmt="html")
    assert 'href="javascript' not in page
    assert "javascript:alert(1)" in page
    assert '<a href="https://friskvard.example/integritet">' in page


def test_markdown_keeps_declared_text_as_written(declaration):
    text = Text(sv="Vi använder *inga* omvägar.", en="We use *no* detours.")
    changed = _replace_purpose(declaration, "membership", description=text)
    assert "Vi använder *inga* omvägar." in render_policy(changed, lang="sv", fmt="markdown")


def test_every_section_a_seed_policy_has_is_present(declaration):
    policy = render_policy(declaration, lang="sv", fmt="markdown")
    for heading in [
        "## Vem är ansvarig för dina personuppgifter?",
        "### Dataskyddsombud",
        "## Vilka personuppgifter samlar vi in och varför?",
        "## Varifrån kommer dina personuppgifter?",
        "## Vilka kan ta del av dina personuppgifter?",
        "### Var behandlas dina personuppgifter?",
        "## Överföring till länder utanför EU/EES",
        "## Uppgifter som vi måste spara enligt lag",
        "## Hur länge sparar vi dina personuppgifter?",
        "## Kakor (cookies)",
        "## Hur skyddar vi dina personuppgifter?",
        "## Dina rättigheter",
        "## Klagomål till tillsynsmyndigheten",
        "## Ändringar i integritetspolicyn",
    ]:
        assert heading in policy


def test_direct_marketing_objection_is_stated_separately_and_absolutely(declaration):
    policy = render_policy(declaration, lang="sv", fmt="markdown")
    section = policy.split("### Rätt att invända mot direktmarknadsföring")[1].split("###")[0]
    assert "Du har alltid rätt att invända" in section
    assert "Avsluta prenumeration" in section  # the declared way to object


def test_rights_that_need_a_basis_appear_only_with_it(declaration):
    interest_only = _only_purposes(declaration, "contact")
    policy = render_policy(interest_only, lang="en", fmt="markdown")
    assert "### Right to object\n" in policy
    assert "Right to data portability" not in policy  # Art. 20: consent or contract only
    assert "Right to withdraw your consent" not in policy  # Art. 7(3): only where consent is used
    assert "Right to object to direct marketing" not in policy
    assert "We do not make decisions about you based solely on automated processing." in policy

    contract_only = _only_purposes(declaration, "membership")
    policy = render_policy(contract_only, lang="en", fmt="markdown")
    assert "Right to data portability" in policy
    assert "### Right to object\n" not in policy


def test_consent_withdrawal_names_the_purposes_and_keeps_earlier_processing_lawful(declaration):
    view = build_policy(declaration, "sv")
    assert view.rights.consent_purposes == ("Kostönskemål", "Coachingsamtal")
    policy = render_policy(declaration, lang="en", fmt="markdown")
    assert "does not affect the lawfulness of the processing before the withdrawal" in policy


def test_privacy_shield_is_rendered_as_declared(declaration):
    policy = render_policy(declaration, lang="en", fmt="markdown")
    assert "| Statistikbolaget Ltd | United States | EU–US Privacy Shield | – |" in policy


def test_no_promise_is_invented(declaration):
    policy = render_policy(declaration, lang="sv", fmt="markdown").lower()
    assert "säljer" not in policy and "sell" not in policy


def test_free_access_reports_are_promised_only_when_declared(declaration):
    assert "ett registerutdrag per år utan kostnad" in render_policy(
        declaration, lang="sv", fmt="markdown"
    )
    rights = declaration.rights.model_copy(update={"free_access_reports_per_year": None})
    plain = declaration.model_copy(update={"rights": rights})
    assert "utan kostnad." not in render_policy(plain, lang="sv", fmt="markdown")


def test_legitimate_interest_assessment_is_shown_only_for_6_1_f(declaration):
    view = build_policy(declaration, "en")
    by_name = {p.name: p for p in view.purposes}
    assert by_name["Contact with us"].legitimate_interest
    assert by_name["Membership"].legitimate_interest is None
    assert by_name["Contact with us"].legal_basis.startswith("Legitimate interest")


def test_a_declaration_without_cookies_processors_or_transfers_still_renders(declaration):
    bare = _only_purposes(declaration, "contact").model_copy(
        update={
            "cookies": (),
            "processors": {},
            "recipients": {},
            "transfers": (),
            "legal_holds": {},
            "systems": {},
        }
    )
    policy = render_policy(bare, lang="sv", fmt="markdown")
    assert "Vi använder inga kakor." in policy
    assert "Vi lämnar inte ut dina personuppgifter till någon annan." in policy
    assert "## Överföring till länder utanför EU/EES" not in policy
    assert "## Uppgifter som vi måste spara enligt lag" not in policy


def test_public_names_are_pinned():
    assert sorted(ombud.render.__all__) == sorted(
        [
            "LANGUAGES",
            "POLICY_FORMATS",
            "REGISTER_FORMATS",
            "Lang",
            "PolicyFormat",
            "RegisterFormat",
            "render_policy",
            "render_register",
        ]
    )


def test_unknown_language_or_format_is_refused(declaration):
    with pytest.raises(ValueError, match="lang: got 'de'; expected one of: sv, en"):
        render_policy(declaration, lang="de", fmt="markdown")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="fmt: got 'pdf'; expected one of: markdown, html"):
        render_policy(declaration, lang="sv", fmt="pdf")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("table", "enum"),
    [
        (wording.LEGAL_BASES, LegalBasis),
        (wording.SPECIAL_CONDITIONS, SpecialCondition),
        (wording.SOURCES, SourceKind),
        (wording.RECIPIENT_KINDS, RecipientKind),
        (wording.COOKIE_PURPOSES, CookiePurpose),
        (wording.REQUIREMENTS, Requirement),
        (wording.TRANSFER_MECHANISMS, TransferMechanism),
        (wording.PERSONNUMMER_NEEDS, PersonnummerNeed),
    ],
)
def test_every_member_of_a_closed_set_is_worded(table, enum):
    assert set(table) == set(enum)
