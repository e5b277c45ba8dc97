"""Citizens' ratings of how a dossier was served (the satisfaction indicator)."""
