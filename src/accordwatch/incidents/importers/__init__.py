"""Parsers of incident files (ACLED, UCDP GED): bytes in, checked records out.

Pure Python (no Django, no ORM) and streaming: each parser yields one record at a time, so
memory stays flat on any file size. The records are in ``records.py``.
"""
