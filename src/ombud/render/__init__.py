"""Rendering: the public privacy policy and the Art. 30 register, from the declaration alone.

Texts are Swedish or English, from the Babel catalogs in `locale/`.
"""
