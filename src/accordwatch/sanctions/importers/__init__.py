"""Parsers of sanctions lists: bytes in, checked records out.

Pure Python (no Django, no ORM) and streaming, like the incident parsers. The records are
in ``records.py``; the UN consolidated list's parser is ``un_xml.py``.
"""
