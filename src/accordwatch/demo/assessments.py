"""Dated implementation assessments on the 0–3 scale (0 not initiated, 1 minimal,
2 intermediate, 3 full; no score for positions).

How a score is read from a source (the rule every *sourced* assessment follows):

    0  the source shows the task not yet started;
    1  the source reports only preparatory or legal steps (a law, a date fixed, sites begun);
    2  the source reports it partly done, or set up but not (fully) working;
    3  the source reports it done as the agreement asks. Where the task is only to create a
       body by a set act (a decree), the act is the whole task; where the body must then
       do something (investigate, finance, guide), its creation alone is a 2.

A score that needs more than that rule — a baseline nobody states, a reading that weighs
several sources, a guess where sources are silent — is marked ``illustrative`` and its
rationale begins with "Illustrative". Every assessment, illustrative or not, cites the
source(s) its reasoning rests on.

Checked against the one published aggregate we hold: the Independent Observer's 2018
annual report found no pillar more than half implemented. At the end of 2018 no pillar
of the demo has more than half of its scored commitments at "full". (The demo's pillar
percentages are a weighted 0–3 roll-up over a sample, not the Observer's own measure.)

Left out on purpose: decisions xi (Trust Fund: status unverified), xii and xiii (our
sources say nothing about the aid or the heritage work after the meeting).
"""

from __future__ import annotations

from datetime import date

from accordwatch.demo.documents import SIGNATURE_COMPLETED

ASSESSOR = "accordwatch demo dataset"
ILLUSTRATIVE = "Illustrative judgement (no source gives this score). "
DEMO_INTERNAL = "DEMO EXAMPLE OF INTERNAL MATERIAL (members and editors only). "
DEMO_RESTRICTED = "DEMO EXAMPLE OF RESTRICTED MATERIAL (editors only). "

CARTER_MAY = "carter-center-2018-05-28"
CARTER_OCT = "carter-center-2018-10-26"
INTERIM = ["france24-interim-authorities-2017", "diplomatie-interim-authorities-2017"]
LOCAL_CODE = ["maliweb-local-government-code-2017", "essor-local-government-code-2017"]
OIC_PR = "oic-press-release-cg-mali-2017-09-20"


def sourced(key: str, as_of: date, score: int, rationale: str, *sources: str) -> dict:
    return {
        "commitment": key,
        "as_of": as_of,
        "score": score,
        "rationale": rationale,
        "sources": list(sources),
        "illustrative": False,
    }


def judged(key: str, as_of: date, score: int, rationale: str, *sources: str, **extra) -> dict:
    return {
        "commitment": key,
        "as_of": as_of,
        "score": score,
        "rationale": ILLUSTRATIVE + rationale,
        "sources": list(sources),
        "illustrative": True,
        **extra,
    }


def not_scored(key: str, as_of: date, rationale: str, *sources: str) -> dict:
    return {
        "commitment": key,
        "as_of": as_of,
        "score": None,
        "rationale": rationale,
        "sources": list(sources),
        "illustrative": False,
    }


def baseline(key: str) -> dict:
    return judged(
        key,
        SIGNATURE_COMPLETED,
        0,
        "Starting point: the task came into being when the agreement was completed on "
        "20 June 2015, so the demo records it as not yet started on that day.",
        "un-s-2015-364",
    )


BASELINED = [
    "regional-assemblies",
    "regional-executive",
    "local-councils",
    "second-chamber",
    "northern-representation",
    "interim-authorities",
    "csa",
    "independent-observer",
    "unified-forces",
    "redeployment",
    "cantonment",
    "ddr-commission",
    "integration-ddr",
    "combatant-lists",
    "moc-patrols",
    "integration-commission",
    "counter-terrorism",
    "north-development-zone",
    "urgent-projects",
    "development-strategy",
    "development-fund",
    "national-understanding-conference",
    "charter",
    "commission-of-inquiry",
    "return-displaced",
]

AGREEMENT_ASSESSMENTS: list[dict] = [
    *(baseline(f"apr-{key}") for key in BASELINED),
    # --- Foundations ------------------------------------------------------------------
    not_scored(
        "apr-unity-sovereignty",
        SIGNATURE_COMPLETED,
        "A principle the signatories accepted, not a task to carry out: not scored.",
        "un-s-2015-364",
    ),
    not_scored(
        "apr-azawad-term",
        SIGNATURE_COMPLETED,
        "A shared reading of a word, not a task to carry out: not scored.",
        "un-s-2015-364",
    ),
    not_scored(
        "apr-azawad-term",
        date(2017, 4, 2),
        "The CMA refused the Conference of National Understanding's conclusion on "
        "'Azawad', a sign that the shared reading is contested. Positions are not scored.",
        "un-s-2017-478",
        "rfi-national-understanding-2017",
    ),
    # --- Decentralisation and national institutions ----------------------------------
    judged(
        "apr-regional-assemblies",
        date(2017, 10, 2),
        1,
        "A new local-government code (Law 2017-051) was promulgated on 2 October 2017 over "
        "the objections of both coalitions. We read it as legal groundwork for elected "
        "regional assemblies; our sources do not say how far the code goes on this point.",
        *LOCAL_CODE,
    ),
    judged(
        "apr-regional-assemblies",
        date(2018, 10, 26),
        1,
        "The Observer saw only modest progress by October 2018, most of it on DDR; nothing "
        "in our sources takes this reform past its legal groundwork.",
        CARTER_OCT,
    ),
    judged(
        "apr-regional-executive",
        date(2017, 10, 2),
        1,
        "Law 2017-051 on local government (2 October 2017), contested by both coalitions, "
        "is the only step our sources report; no regional president had been elected.",
        *LOCAL_CODE,
    ),
    judged(
        "apr-local-councils",
        date(2017, 10, 2),
        1,
        "Law 2017-051 recasts local government (2 October 2017) but both coalitions object "
        "to it; we treat it as a first legal step for the councils.",
        *LOCAL_CODE,
    ),
    sourced(
        "apr-second-chamber",
        date(2017, 6, 30),
        1,
        "A constitutional revision that would create a Senate was due to go to referendum "
        "on 9 July 2017. A vote scheduled is a preparatory step: minimal.",
        "jeuneafrique-referendum-2017",
    ),
    sourced(
        "apr-second-chamber",
        date(2017, 8, 18),
        1,
        "The referendum was first postponed, then suspended on 18 August 2017. The upper "
        "house exists only in a draft the voters never decided on: still minimal.",
        "maliweb-referendum-2017",
        "jeuneafrique-referendum-2017",
    ),
    # --- Interim authorities -----------------------------------------------------------
    sourced(
        "apr-interim-authorities",
        date(2016, 3, 31),
        1,
        "A law of 31 March 2016 amended the local-government code so that interim "
        "authorities could be appointed. A legal basis, with nobody yet in office, is "
        "minimal. The three-month deadline (20 September 2015) had already passed.",
        "abamako-interim-authorities-law-2016",
    ),
    sourced(
        "apr-interim-authorities",
        date(2016, 6, 14),
        1,
        "At the Monitoring Committee's 'Entente' of 13–14 June 2016 the parties set "
        "15 July–15 August 2016 for installing the authorities; the window slipped. "
        "Still preparation only: minimal.",
        "maliweb-csa-entente-2016",
    ),
    sourced(
        "apr-interim-authorities",
        date(2017, 2, 28),
        2,
        "The Kidal interim authority took office on 28 February 2017, the first of the "
        "five northern regions. Partly in place: intermediate.",
        *INTERIM,
    ),
    sourced(
        "apr-interim-authorities",
        date(2017, 3, 6),
        2,
        "Gao and Ménaka followed on 2 March 2017, while the installation was blocked "
        "in Timbuktu (3 March) and Taoudéni (6 March). The Secretary-General counts "
        "authorities in three of the five regions: intermediate.",
        "un-s-2017-271",
        *INTERIM,
    ),
    sourced(
        "apr-interim-authorities",
        date(2017, 4, 20),
        2,
        "By 20 April 2017 interim authorities were in place in all five northern regions. "
        "We do not score this as full: the Independent Observer (October 2018) and the "
        "Secretary-General (S/2018/1174) later found them not working, and installed but "
        "not working reads as intermediate under our rule.",
        *INTERIM,
        CARTER_OCT,
        "un-s-2018-1174",
    ),
    sourced(
        "apr-interim-authorities",
        date(2018, 10, 26),
        2,
        "The Observer reports that the interim authorities are still not fully working: "
        "intermediate.",
        CARTER_OCT,
    ),
    sourced(
        "apr-interim-authorities",
        date(2018, 12, 31),
        2,
        "The Secretary-General's end-of-2018 report still describes the interim "
        "authorities as not functioning. In place but not working: intermediate.",
        "un-s-2018-1174",
    ),
    # --- Monitoring and observation ----------------------------------------------------
    judged(
        "apr-csa",
        date(2016, 10, 20),
        2,
        "The committee closed its 12th session on 20 October 2016, so it was meeting "
        "regularly; whether it steered implementation is not shown. We judge intermediate.",
        "accordwatch-mali-2017-notes",
    ),
    judged(
        "apr-csa",
        date(2018, 1, 16),
        2,
        "At its 23rd session the committee adopted the priority timetable of 16 January "
        "2018, so it could still take decisions. Intermediate.",
        "un-s-2018-58",
    ),
    sourced(
        "apr-csa",
        date(2018, 5, 28),
        2,
        "The Independent Observer found the committee was not supervising implementation. "
        "Set up and meeting but not doing its job in full: intermediate.",
        CARTER_MAY,
    ),
    judged(
        "apr-independent-observer",
        date(2018, 5, 28),
        2,
        "An Observer report appeared on 28 May 2018, the earliest in our sources and "
        "nearly three years after signature. We judge intermediate.",
        CARTER_MAY,
    ),
    judged(
        "apr-independent-observer",
        date(2018, 10, 26),
        2,
        "The next report came on 26 October 2018, five months later, against the "
        "four-month rhythm the agreement sets. Intermediate.",
        CARTER_OCT,
    ),
    # --- Defence and security ----------------------------------------------------------
    sourced(
        "apr-integration-commission",
        date(2015, 12, 29),
        3,
        "A decree of 29 December 2015 created the Integration Commission, some four months "
        "after the 60-day deadline. The task was the decree itself: full, though late.",
        "abamako-ddr-decrees-2015",
    ),
    sourced(
        "apr-ddr-commission",
        date(2015, 12, 29),
        3,
        "The national DDR commission was created by decree on 29 December 2015. We score "
        "its creation; how DDR itself went is tracked in the other commitments.",
        "abamako-ddr-decrees-2015",
    ),
    sourced(
        "apr-cantonment",
        date(2015, 12, 31),
        1,
        "Work began in December 2015 on the first three of eight planned cantonment sites "
        "(Likrakar, Fafa, Inégar). Sites being built, nobody cantoned in our sources: "
        "minimal.",
        "dunevoices-cantonment-2015",
    ),
    judged(
        "apr-cantonment",
        date(2018, 11, 30),
        2,
        "By November 2018 about 34,000 combatants were registered and some 1,600 MOC "
        "fighters were in an accelerated DDR and integration process. How many passed "
        "through the sites is not in our sources; we judge intermediate.",
        "pressafrik-ddr-2018",
    ),
    sourced(
        "apr-moc-patrols",
        date(2016, 6, 14),
        1,
        "The 'Entente' of June 2016 fixed 1 July 2016 for the MOC to start, over ten "
        "months after the 60-day deadline, and even that date slipped. Preparation only: minimal.",
        "maliweb-csa-entente-2016",
    ),
    sourced(
        "apr-moc-patrols",
        date(2017, 1, 18),
        1,
        "On 18 January 2017 a suicide bomber struck the MOC camp in Gao, home to about 600 "
        "fighters: 54 patrol members died by the UN's count (about 80 dead according to "
        "AFP). The camp existed, but the three-party patrols had not been formally "
        "launched: minimal.",
        "un-s-2017-271",
        "afp-gao-attack-2017",
    ),
    sourced(
        "apr-moc-patrols",
        date(2017, 2, 23),
        2,
        "The three-party mixed patrols were formally launched in Gao on 23 February 2017. "
        "One town only, with the other units still to form: intermediate.",
        "un-s-2017-271",
    ),
    sourced(
        "apr-moc-patrols",
        date(2018, 5, 28),
        2,
        "The Observer counts the joint patrols' arrival in Kidal as progress, within a "
        "mechanism that is still incomplete: intermediate.",
        CARTER_MAY,
    ),
    sourced(
        "apr-moc-patrols",
        date(2018, 5, 31),
        2,
        "In May 2018 the MOC set up units in Kidal and Timbuktu as well as Gao. Wider, but "
        "not yet working in full: intermediate.",
        "un-s-2018-541",
    ),
    sourced(
        "apr-moc-patrols",
        date(2018, 10, 26),
        2,
        "The Observer still finds the MOC short of fully operational: intermediate.",
        CARTER_OCT,
    ),
    judged(
        "apr-combatant-lists",
        date(2018, 11, 30),
        2,
        "About 34,000 combatants had been registered by November 2018, more than three "
        "years after the 30-day deadline. Registration is not quite the certified lists "
        "the annex asks for, and our sources do not say whether those were complete; we "
        "judge intermediate.",
        "pressafrik-ddr-2018",
    ),
    judged(
        "apr-integration-ddr",
        date(2018, 10, 26),
        1,
        "The Observer's October 2018 report puts what progress there was mainly in DDR; "
        "we read that as a beginning: minimal.",
        CARTER_OCT,
    ),
    judged(
        "apr-integration-ddr",
        date(2018, 11, 30),
        1,
        "An accelerated DDR and integration process opened in November 2018 for about "
        "1,600 MOC fighters, a small share of the roughly 34,000 registered: still "
        "minimal.",
        "pressafrik-ddr-2018",
    ),
    judged(
        "apr-unified-forces",
        date(2017, 2, 23),
        1,
        "The mixed patrols launched in Gao on 23 February 2017 are the first units to put "
        "the army and the movements side by side, a small start towards single forces.",
        "un-s-2017-271",
    ),
    judged(
        "apr-unified-forces",
        date(2018, 11, 30),
        1,
        "Integration of about 1,600 MOC fighters into the forces only began in November "
        "2018: still minimal.",
        "pressafrik-ddr-2018",
    ),
    judged(
        "apr-redeployment",
        date(2017, 9, 20),
        1,
        "The Contact Group called Kidal fragile and asked for the State's authority to "
        "return to every part of the country; we read redeployment as barely begun.",
        OIC_PR,
    ),
    judged(
        "apr-redeployment",
        date(2018, 5, 31),
        1,
        "The MOC units set up in May 2018 in Kidal and Timbuktu give the State a first "
        "mixed presence there; redeployment of reconstituted forces as such is not "
        "reported. Minimal.",
        "un-s-2018-541",
    ),
    judged(
        "apr-counter-terrorism",
        date(2017, 2, 23),
        1,
        "After the attack on their Gao camp, the parties launched joint patrols there on "
        "23 February 2017, a first shared security effort. Minimal.",
        "un-s-2017-271",
    ),
    judged(
        "ceasefire-2014-cessation-of-hostilities",
        date(2017, 7, 27),
        1,
        "In July 2017 CMA and Platform groups fought around Kidal: on 6 July at "
        "Intachdayt and Tahalt, on 11 July at Anefis (which the CMA took), and on 26–27 "
        "July at Amassine and Kidal. The Contact Group called this a breach of the "
        "ceasefire. We judge the ceasefire minimally respected that month.",
        "acled-mali",
        OIC_PR,
    ),
    # --- Development -------------------------------------------------------------------
    judged(
        "apr-north-development-zone",
        date(2015, 10, 22),
        1,
        "At the Paris conference of 22 October 2015 donors pledged EUR 3.2 billion for "
        "2015–17, EUR 605 million of it for the north. Money promised is not yet a zone "
        "at work: minimal.",
        "abamako-paris-conference-2015",
    ),
    judged(
        "apr-north-development-zone",
        date(2018, 2, 12),
        2,
        "With a northern development strategy validated (July 2017) and a Sustainable "
        "Development Fund created by law (February 2018), the zone has its instruments on "
        "paper; we judge intermediate.",
        "maliactu-development-strategy-2017",
        "maliactu-development-fund-2018",
    ),
    judged(
        "apr-north-development-zone",
        date(2018, 10, 26),
        1,
        "The Observer's October 2018 report finds little progress outside DDR; the zone's "
        "instruments exist on paper but are not reported at work. Back to minimal.",
        CARTER_OCT,
    ),
    judged(
        "apr-urgent-projects",
        date(2015, 10, 22),
        1,
        "The Paris pledges of October 2015 gave partners a frame for funding urgent "
        "projects in the north; our sources do not report delivery. Minimal.",
        "abamako-paris-conference-2015",
    ),
    judged(
        "apr-urgent-projects",
        date(2018, 10, 26),
        1,
        "The Observer's October 2018 report places most progress in DDR rather than in "
        "development works; we keep this at minimal.",
        CARTER_OCT,
    ),
    sourced(
        "apr-development-strategy",
        date(2017, 7, 19),
        2,
        "The development strategy for the northern regions was validated at a meeting of "
        "17–19 July 2017. Drawn up, but our sources do not report it being applied: "
        "intermediate.",
        "maliactu-development-strategy-2017",
    ),
    sourced(
        "apr-development-fund",
        date(2018, 2, 12),
        2,
        "Law 2018-008 of 12 February 2018 created the Sustainable Development Fund. Set "
        "up, but our sources say nothing of money going through it: intermediate.",
        "maliactu-development-fund-2018",
    ),
    # --- Reconciliation, justice, humanitarian -----------------------------------------
    sourced(
        "apr-national-understanding-conference",
        date(2017, 4, 2),
        3,
        "The Conference of National Understanding met from 27 March to 2 April 2017, "
        "inside the interim period. Held: full. The CMA rejected its conclusion on "
        "'Azawad', which weighs on the Charter rather than on holding the conference.",
        "un-s-2017-478",
        "rfi-national-understanding-2017",
    ),
    sourced(
        "apr-charter",
        date(2017, 6, 20),
        2,
        "The Charter went to the President on 20 June 2017, the day the interim period "
        "ran out, but the CMA declared itself not bound by it. Written, but without "
        "consensus: intermediate.",
        "studio-tamani-charter-2017",
        "un-s-2017-811",
    ),
    sourced(
        "apr-commission-of-inquiry",
        date(2018, 1, 23),
        2,
        "The International Commission of Inquiry was set up and its members named between "
        "19 and 23 January 2018. Established, but no findings yet in our sources: "
        "intermediate.",
        "maliactu-commission-of-inquiry-2018",
    ),
    judged(
        "apr-return-displaced",
        date(2016, 8, 31),
        1,
        "On 31 August 2016 there were 33,042 internally displaced people and 134,811 "
        "refugees abroad (Niger 60,792; Mauritania 41,792; Burkina Faso 32,227). These "
        "figures show the need, not returns; we judge conditions for return minimal.",
        "ocha-displacement-2016-08",
    ),
    judged(
        "apr-return-displaced",
        date(2017, 12, 31),
        1,
        "IOM counted 40,743 internally displaced in October 2017 and 38,100 in December, "
        "more than in August 2016: no sign of large-scale return. Minimal.",
        "iom-dtm-displacement-2017",
    ),
    judged(
        "apr-return-displaced",
        date(2018, 9, 30),
        1,
        "By 30 September 2018 internal displacement had risen to 77,046, with 140,276 "
        "refugees abroad (Niger 58,304; Mauritania 57,425; Burkina Faso 24,547). "
        "Displacement is growing, not reversing; we keep minimal.",
        "cmp-displacement-2018-09",
    ),
    # --- An internal analyst note (visibility demo) -------------------------------------
    judged(
        "apr-csa",
        date(2018, 9, 24),
        2,
        DEMO_INTERNAL + "Analyst's briefing point for the Contact Group meeting of 24 "
        "September 2018: the latest Observer report we hold still shows the committee "
        "meeting without steering the work, so we keep it at intermediate.",
        CARTER_MAY,
        confidentiality="internal",
        assessor_name="Secretariat analyst (demo example)",
    ),
]


def _d(number: str) -> str:
    return f"oic-cg-mali-2017-09-20-{number}"


MEETING_DAY = date(2017, 9, 20)

DECISION_ASSESSMENTS: list[dict] = [
    not_scored(_d("i"), MEETING_DAY, "A statement of principle: not scored.", OIC_PR),
    not_scored(_d("ii"), MEETING_DAY, "A condemnation, not a task: not scored.", OIC_PR),
    not_scored(
        _d("vii"),
        MEETING_DAY,
        "The group welcomes a Security Council decision; nothing for it to carry out, so "
        "not scored.",
        OIC_PR,
        "un-s-res-2374-2017",
    ),
    judged(
        _d("iii"),
        date(2018, 5, 28),
        1,
        "Eight months after the meeting the Observer found deadlines missed and the "
        "Monitoring Committee not steering the work, despite the priority timetable of "
        "January 2018. Our sources are silent on the OIC's own part in the committee. On "
        "the parties' pace: minimal.",
        CARTER_MAY,
        "un-s-2018-58",
    ),
    judged(
        _d("iv"),
        date(2018, 5, 31),
        2,
        "New MOC units appeared in Kidal and Timbuktu in May 2018, and the Observer welcomed "
        "joint patrols in Kidal, a move towards ending the stand-off there; the interim "
        "authorities stayed weak. Intermediate.",
        "un-s-2018-541",
        CARTER_MAY,
    ),
    judged(
        _d("v"),
        date(2018, 12, 31),
        1,
        "At the end of 2018 the interim authorities were still not functioning and the MOC "
        "not fully working, so State authority in the north remained thin. Minimal.",
        "un-s-2018-1174",
        CARTER_OCT,
    ),
    judged(
        _d("vi"),
        MEETING_DAY,
        1,
        "When the group met, the July fighting around Kidal had just broken the ceasefire. "
        "Minimal respect at that date.",
        "acled-mali",
        OIC_PR,
    ),
    judged(
        _d("vi"),
        date(2018, 2, 1),
        1,
        DEMO_RESTRICTED + "In a real deployment the secretariat would keep confidential "
        "notes here, for example names a member state proposes for sanctions. This demo "
        "record holds no such information; it shows that members and the public cannot "
        "see restricted entries.",
        "un-s-res-2374-2017",
        confidentiality="restricted",
        assessor_name="Sanctions officer (demo example)",
    ),
    judged(
        _d("viii"),
        date(2017, 12, 13),
        2,
        "At the Paris meeting of 13 December 2017 two OIC members pledged to the Joint "
        "Force, Saudi Arabia EUR 100m and the United Arab Emirates EUR 30m, against a "
        "budget then put at EUR 423m. Support from some members, not all: intermediate.",
        "rfi-joint-force-pledges-2017",
    ),
    judged(
        _d("viii"),
        date(2018, 2, 23),
        2,
        "The Brussels conference of 23 February 2018 raised EUR 414m for the Joint Force, "
        "EUR 176m of it from the EU and its member states. Our sources do not break out "
        "what OIC members gave there; intermediate.",
        "europa-statement-18-1166",
    ),
    judged(
        _d("ix"),
        date(2018, 2, 23),
        2,
        "We take the Brussels high-level conference on the Sahel of 23 February 2018, which "
        "raised EUR 414m for the Joint Force, to be the conference the group backed, held "
        "later than planned. What OIC members gave there is not in our sources: "
        "intermediate.",
        "europa-statement-18-1166",
    ),
    judged(
        _d("x"),
        date(2018, 9, 24),
        1,
        "Our sources record IsDB support for Mali from before the meeting (USD 250m "
        "announced in May 2013) but no new commitment by member states or the IsDB in the "
        "year that followed. Minimal, pending evidence.",
        "reliefweb-isdb-2013",
    ),
    judged(
        _d("xiv"),
        date(2017, 12, 31),
        0,
        DEMO_INTERNAL + "Analyst's working note. Whether the mission had left by the end of "
        "2017 is not established in our sources; the 0 is a placeholder for the "
        "secretariat to confirm, not a finding.",
        OIC_PR,
        confidentiality="internal",
        assessor_name="Secretariat analyst (demo example)",
    ),
]

ASSESSMENTS: list[dict] = [*AGREEMENT_ASSESSMENTS, *DECISION_ASSESSMENTS]
