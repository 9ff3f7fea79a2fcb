"""Assistance: pledges, commitments and payments, funds, appeals (issue 5)."""
