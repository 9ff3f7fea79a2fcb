"""Parsers: a file in, validated records out. Pure Python (no Django, no ORM) and streaming."""
