"""Who may act: API tokens scoped to purposes (and, with the console, staff accounts)."""

from ombud.access.tokens import Scope, authenticate, create_token, list_tokens, revoke_token

__all__ = ["Scope", "authenticate", "create_token", "list_tokens", "revoke_token"]
