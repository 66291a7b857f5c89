"""The test declaration with a contact form: a channel that screens text and takes images."""

from io import StringIO
from pathlib import Path

from ruamel.yaml import YAML

from ombud.declaration import Declaration, parse_declaration
from tests.register.conftest import DECLARATION

CONTACT = {
    "name": {"sv": "Kontaktformulär", "en": "Contact form"},
    "description": {"sv": "Frågor via webben.", "en": "Questions through the website."},
    "legal_basis": "legitimate_interest",
    "legitimate_interest": {"sv": "Att svara på frågor.", "en": "Answering questions."},
    "categories": [
        "user.contact.email",
        "user.content.private.correspondence",
        "user.content.self_image",
    ],
    "subject_kinds": ["member", "customer"],
    "retention": {"keep": "P6M", "after": "collected"},
}
CHANNELS = {
    "contact_form": {
        "kind": "form",
        "purpose": "contact",
        "subject_kind": "customer",
        "category": "user.content.private.correspondence",
        "images": "user.content.self_image",
        "rules": {
            "special": "reject",
            "criminal": "flag",
            "personnummer": "redact",
            "payment_card": "flag",
        },
    },
    "booking_wish": {
        "kind": "booking_field",
        "purpose": "bookings",
        "subject_kind": "member",
        "category": "user.content.private.dietary_wish",
        "default": "store_in_entry_only",
        "rules": {"special": "store_in_entry_only"},
    },
}


def intake_declaration() -> Declaration:
    """The register tests' declaration with a `contact` purpose and two intake channels."""
    yaml = YAML(typ="safe")
    document = yaml.load(Path(DECLARATION).read_text())
    document["categories"]["user.content.private.correspondence"] = {
        "parent": "user.content.private",
        "name": {"sv": "Meddelanden", "en": "Messages"},
        "sensitivity": "privacy_sensitive",
    }
    document["categories"]["user.content.self_image"] = {}
    document["purposes"]["contact"] = CONTACT
    document["intake"] = CHANNELS
    out = StringIO()
    YAML().dump(document, out)
    return parse_declaration(out.getvalue(), file="intake.yaml").declaration
