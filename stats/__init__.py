"""The indicators officials are scored on (Decision 766/QĐ-TTg): rollups, figures, demo history."""
