"""Feedback and complaints (phản ánh, kiến nghị) about a dossier or a service, and the agency's
answers within a response deadline in working days."""
