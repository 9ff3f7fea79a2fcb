"""The embedded demo: the OIC Contact Group on Mali after its ministerial meeting of
20 September 2017, and the 2015 peace agreement it follows.

One module per kind of record, each a plain list that an analyst can read and correct:

    sources.py      where every fact comes from (each record below cites these keys)
    places.py       the gazetteer entries the demo needs
    actors.py       government, coalitions and their dated memberships, mediation, OIC organs
    documents.py    pillars, documents and their clause trees
    commitments.py  the agreement's commitments and the communiqué's fourteen decisions
    meetings.py     the Contact Group meeting and the Monitoring Committee's sessions
    assessments.py  dated implementation scores, sourced or labelled illustrative
    incidents.py    2017 security incidents and ceasefire violations, from the facts only

``load.py`` writes them through the services, so the demo has the same audit trail as
any other change. Facts come only from the project's Mali 2017 fact sheet; every summary
is written in our own words.
"""
