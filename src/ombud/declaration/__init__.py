"""The declaration: the organisation's processing as validated data, its loading and lints."""

from ombud.declaration.lints import Finding, Severity, lint
from ombud.declaration.loading import (
    LoadedDeclaration,
    SourceMap,
    load_declaration,
    parse_declaration,
)
from ombud.declaration.model import Declaration, LegalBasis, Purpose, Sensitivity, Text
from ombud.declaration.taxonomy import ResolvedCategory, resolve_category, taxonomy

__all__ = [
    "Declaration",
    "Finding",
    "LegalBasis",
    "LoadedDeclaration",
    "Purpose",
    "ResolvedCategory",
    "Sensitivity",
    "Severity",
    "SourceMap",
    "Text",
    "lint",
    "load_declaration",
    "parse_declaration",
    "resolve_category",
    "taxonomy",
]
