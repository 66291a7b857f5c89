"""Each example's Swedish policy states what its seed promises, in the seed's own terms.

The phrases below are written from the seed policies (../shared/seeds), not from the
renderer: a purpose, a period or a right the seed states must appear in the rendered
policy, so a change to the declaration or the renderer that drops one fails here.
"""

import html

import pytest

from ombud.declaration import load_declaration
from ombud.render import render_policy

from .test_examples import _path

RIGHTS = [
    "Rätt till tillgång (registerutdrag)",
    "Rätt till rättelse",
    "Rätt till radering",
    "Rätt till begränsning av behandling",
    "Klagomål till tillsynsmyndigheten",
]

SEED_FACTS = {
    "lean-forum": [
        "857209-2685",
        "info@leanforum.se",
        "36 månader efter att medlemskapet avslutats",  # members
        "24 månader efter bokningen",  # non-member bookings
        "7 år från utgången av det kalenderår",  # invoices, Bokföringslagen
        "Bokföringslagen",
        "36 månader efter insamlingen",  # evaluation, spontaneous e-mail
        "Rätt att invända mot direktmarknadsföring",
        "Datainspektionen",  # as the seed names it (the lint flags it)
    ],
    "lasting-group": [
        "559249-8116",
        "1 år efter senaste kontakt",
        "Tills du begär radering",  # journals
        "Tills inkassoärendet avslutas",
        "Journalföring",
        "uttryckligt samtycke",  # Art. 9(2)(a) for journals
        "Rätt att återkalla ditt samtycke",
        "Rätt till dataportabilitet",
        "Integritetsskyddsmyndigheten",
    ],
    "learnster": [
        "1 år efter att avtalet avslutats och slutlig betalning erlagts",
        "1 år efter att kontot avslutats",
        "1 år efter att supportärendet avslutats",
        "Så länge webbsessionen pågår",
        "3 år efter insamlingen",
        "1 år efter insamlingen",
        "Privacy Shield",  # as declared; the lint flags it
        "Avsluta prenumeration",
        "Rätt att invända mot direktmarknadsföring",
    ],
    "leep": [
        "556686-1349",
        "3 år efter att utbildningen avslutats",
        "3 år efter att kundrelationen upphört",
        "Tills samtycket återkallas",
        "Google",
        "skyddad identitet",
        "Rätt att återkalla ditt samtycke",
    ],
    "coaching-firm": [
        "5 år från utgången av det kalenderår då avtalet upphörde",
        "3 månader efter insamlingen",  # contacts without an agreement
        "Integritetsskyddsmyndigheten",
        "direktreklamspärr",
        "Rätt att invända mot direktmarknadsföring",
    ],
}


@pytest.mark.parametrize("name", sorted(SEED_FACTS))
def test_the_swedish_policy_states_the_seeds_purposes_periods_and_rights(name):
    declaration = load_declaration(_path(name)).declaration
    policy = render_policy(declaration, lang="sv", fmt="markdown")
    for purpose in declaration.purposes.values():
        assert purpose.name.sv in policy, purpose.name.sv
    missing = [fact for fact in [*SEED_FACTS[name], *RIGHTS] if fact.lower() not in policy.lower()]
    assert missing == []


@pytest.mark.parametrize("name", sorted(SEED_FACTS))
def test_the_english_policy_renders_every_purpose(name):
    declaration = load_declaration(_path(name)).declaration
    policy = render_policy(declaration, lang="en", fmt="html")
    for purpose in declaration.purposes.values():
        assert purpose.name.en in html.unescape(policy)
