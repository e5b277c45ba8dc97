"""Signer plugins. Each module registers itself with documents.signer_registry when imported."""

INSTALLED = ("documents.signers.files",)
