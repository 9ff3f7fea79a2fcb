"""Parsers for assistance data: IATI activity XML and OCHA FTS flow JSON.

Pure Python, no Django: bytes in, frozen records out, problems collected with where they
are in the file.
"""
