"""Supervision (kiểm tra, giám sát): unit annual reports, the compliance dashboard, reminders,
inspections and the exports for the provincial board."""
