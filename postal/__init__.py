"""Postal return of results (Decision 45/2016/QĐ-TTg): bookings, partners, their callbacks."""
