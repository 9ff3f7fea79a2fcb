"""Meetings: the Contact Group's ministerial of 20 September 2017 and the Monitoring
Committee (CSA) sessions of the demo window.

``discussed`` links a meeting to commitments only where a source ties them together.
Several session dates come from our notes without a named original source; those
sessions cite the notes and say so.
"""

from __future__ import annotations

from datetime import date

from accordwatch.demo.documents import COMMUNIQUE

NOTES = "accordwatch-mali-2017-notes"
CSA_NOT_RECORDED = " What it concluded is not recorded in the demo."

MEETINGS: list[dict] = [
    {
        "key": "oic-cg-mali-2017-09-20",
        "body": "oic-contact-group-mali",
        "body_kind": "contact_group",
        "title": "OIC Contact Group on Mali, ministerial meeting, New York, 20 September 2017",
        "level": "ministerial",
        "session_number": None,
        "starts_on": date(2017, 9, 20),
        "ends_on": date(2017, 9, 20),
        "place": "usa-new-york",
        "communique": COMMUNIQUE,
        "summary": (
            "Held alongside the yearly coordination meeting of OIC foreign ministers. The OIC "
            "Secretary General and Mali's head of diplomacy briefed the group, other members "
            "took the floor, and the ministers agreed the fourteen-point communiqué. The "
            "next ministerial meeting was set for 24 September 2018."
        ),
        "discussed": [
            "apr-csa",
            "apr-interim-authorities",
            "apr-moc-patrols",
            "apr-redeployment",
            "ceasefire-2014-cessation-of-hostilities",
        ],
        "sources": ["oic-press-release-cg-mali-2017-09-20", NOTES],
    },
    {
        "key": "csa-entente-2016-06",
        "body": "csa",
        "body_kind": "monitoring_committee",
        "title": "Monitoring Committee: the 'Entente' of 13–14 June 2016",
        "level": "",
        "session_number": None,
        "starts_on": date(2016, 6, 13),
        "ends_on": date(2016, 6, 14),
        "summary": (
            "The parties fixed dates for the MOC to begin (1 July 2016) and for the interim "
            "authorities to be installed (15 July–15 August 2016). Neither date was kept."
        ),
        "discussed": ["apr-moc-patrols", "apr-interim-authorities"],
        "sources": ["maliweb-csa-entente-2016"],
    },
    {
        "key": "csa-session-12",
        "body": "csa",
        "body_kind": "monitoring_committee",
        "title": "Monitoring Committee, 12th session",
        "session_number": 12,
        "ends_on": date(2016, 10, 20),
        "date_note": "ended 20 October 2016",
        "summary": "Only the closing date is recorded (from our notes)." + CSA_NOT_RECORDED,
        "sources": [NOTES],
    },
    {
        "key": "csa-session-18",
        "body": "csa",
        "body_kind": "monitoring_committee",
        "title": "Monitoring Committee, 18th session",
        "session_number": 18,
        "date_note": "June 2017",
        "summary": (
            "Met in June 2017, the month in which the interim period ran out (20 June) and "
            "the Charter was handed to the President." + CSA_NOT_RECORDED
        ),
        "sources": [NOTES, "un-s-2017-811"],
    },
    {
        "key": "csa-session-19",
        "body": "csa",
        "body_kind": "monitoring_committee",
        "title": "Monitoring Committee, 19th session",
        "session_number": 19,
        "starts_on": date(2017, 7, 10),
        "ends_on": date(2017, 7, 11),
        "summary": (
            "Met a few days after the 6 July 2017 clashes between CMA and Platform groups "
            "near Kidal." + CSA_NOT_RECORDED
        ),
        "sources": [NOTES, "acled-mali"],
    },
    {
        "key": "csa-session-22",
        "body": "csa",
        "body_kind": "monitoring_committee",
        "title": "Monitoring Committee, 22nd session",
        "session_number": 22,
        "starts_on": date(2017, 12, 5),
        "ends_on": date(2017, 12, 5),
        "summary": "Date from our notes." + CSA_NOT_RECORDED,
        "sources": [NOTES],
    },
    {
        "key": "csa-session-23",
        "body": "csa",
        "body_kind": "monitoring_committee",
        "title": "Monitoring Committee, 23rd session",
        "session_number": 23,
        "date_note": "adopted the timetable dated 16 January 2018",
        "communique": "csa-priority-timetable-2018-01-16",
        "summary": (
            "Adopted the timetable of priority actions dated 16 January 2018, recorded as "
            "this session's outcome document."
        ),
        "sources": ["un-s-2018-58"],
    },
]
