"""Each example organisation's Swedish policy says what its seed policy says.

The examples (`src/ombud/examples/<name>/ombud.yaml`) are written from the seed
policies in a branch of their own. This test loops over whichever exist, so it passes
trivially where there are none yet and checks every one once they are merged: each
purpose's name, each retention period in words and each right's heading must appear
in the rendered Swedish policy, and the HTML and the register must render too.
"""

from __future__ import annotations

from pathlib import Path

import ombud
from ombud.declaration import load_declaration
from ombud.render import render_policy, render_register
from ombud.render.policy import build_policy

EXAMPLES = Path(ombud.__file__).parent / "examples"

RIGHTS_ALWAYS = [
    "### Rätt till tillgång (registerutdrag)",
    "### Rätt till rättelse",
    "### Rätt till radering",
    "### Rätt till begränsning av behandling",
    "### Automatiserade beslut",
    "### Så använder du dina rättigheter",
    "## Klagomål till tillsynsmyndigheten",
]


def _problems(path: Path) -> list[str]:
    declaration = load_declaration(path).declaration
    policy = render_policy(declaration, lang="sv", fmt="markdown")
    view = build_policy(declaration, "sv")
    expected = [f"### {purpose.name}" for purpose in view.purposes]
    expected += [purpose.retention for purpose in view.purposes if purpose.retention]
    expected += RIGHTS_ALWAYS
    if view.rights.direct_marketing:
        expected.append("### Rätt att invända mot direktmarknadsföring")
    if view.rights.withdraw_consent:
        expected.append("### Rätt att återkalla ditt samtycke")
    missing = [f"{path.parent.name}: missing {text!r}" for text in expected if text not in policy]
    render_policy(declaration, lang="en", fmt="html")
    render_register(declaration, lang="sv", fmt="csv")
    return missing


def test_every_example_policy_has_its_purposes_periods_and_rights():
    examples = sorted(EXAMPLES.glob("*/ombud.yaml")) if EXAMPLES.is_dir() else []
    problems = [problem for path in examples for problem in _problems(path)]
    assert problems == []
