"""The web layer: the HTTP API (and, with the console, the portal and the admin pages)."""

from ombud.web.app import create_app

__all__ = ["create_app"]
