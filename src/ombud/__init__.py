"""Ombud: a privacy engine. Declare processing once; store, enforce, answer and render from it."""

__version__ = "0.1.0"
