"""The secretariat keeps the rules of eligibility (one row per condition per title)."""
