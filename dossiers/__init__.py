"""The dossier lifecycle: drafts, submission, officers' actions, deadlines and results."""
