"""Installed postal partners: each module registers one plugin (postal/partner.py)."""

INSTALLED = (
    "postal.partners.sandbox",
    "postal.partners.vnpost",
)
