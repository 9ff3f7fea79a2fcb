"""Pillars, documents and their clause trees.

The agreement's clause tree holds only article numbers our sources confirm (1, 5, 6,
17–20, 29, 38, 46, chapter 19 with articles 57–62, 63, 66 and annexes 1–3). Commitments
whose article number is unconfirmed hang from no clause (see commitments.py).

Deadlines "from signature" are counted from 20 June 2015, the day the CMA's signature
completed the agreement.
"""

from __future__ import annotations

from datetime import date

PILLARS: list[dict] = [
    {"key": "foundations", "name": "Foundations and general principles", "position": 0},
    {"key": "political-institutional", "name": "Political and institutional", "position": 1},
    {"key": "defence-security", "name": "Defence and security", "position": 2},
    {
        "key": "development",
        "name": "Socio-economic and cultural development",
        "position": 3,
    },
    {
        "key": "reconciliation-justice-humanitarian",
        "name": "Reconciliation, justice and humanitarian issues",
        "position": 4,
    },
]

AGREEMENT = "apr-2015"
COMMUNIQUE = "oic-cg-mali-communique-2017-09-20"
CEASEFIRE = "ceasefire-2014-05-23"
SIGNATURE_COMPLETED = date(2015, 6, 20)

DOCUMENTS: list[dict] = [
    {
        "key": CEASEFIRE,
        "kind": "ceasefire",
        "title": "Ceasefire agreement of 23 May 2014 (Kidal)",
        "short_title": "2014 ceasefire",
        "summary": (
            "Halt to hostilities agreed in Kidal on 23 May 2014 between the Government of "
            "Mali and three northern movements (MNLA, HCUA, MAA). Mauritania's president, "
            "acting as chair of the African Union, brokered it."
        ),
        "adopted_on": date(2014, 5, 23),
        "in_force_on": date(2014, 5, 23),
        "place": "mli-kidal-town",
        "parties": ["gov-mali", "mnla", "hcua", "maa-cma"],
        "reference": "PA-X 816",
        "sources": ["pa-x-816"],
    },
    {
        "key": AGREEMENT,
        "kind": "agreement",
        "title": (
            "Agreement for Peace and Reconciliation in Mali resulting from the Algiers process"
        ),
        "short_title": "2015 peace agreement",
        "summary": (
            "The settlement negotiated in Algiers between the Government of Mali and the two "
            "coalitions of northern movements, the CMA and the Platform. The government, the "
            "Platform and the mediators initialled it in Algiers on 1 March 2015; it was "
            "signed in Bamako on 15 May 2015, and became complete when the CMA added its "
            "signature on 20 June 2015, after an understanding reached on 5 June. "
            "Implementation is followed by a Monitoring Committee (CSA) and reported on by "
            "an Independent Observer. Of the 78 commitments that Observer tracked in its 2018 "
            "annual report, 20 were complete and 14 nearly so, 18 stood at intermediate, 14 "
            "at minimal and 12 had not begun; no pillar was past the half-way mark. Mali's "
            "transitional "
            "authorities ended the agreement on 25 January 2024, after the demo period."
        ),
        "adopted_on": date(2015, 5, 15),
        "in_force_on": SIGNATURE_COMPLETED,
        "ended_on": date(2024, 1, 25),
        "place": "mli-bamako-city",
        "parties": ["gov-mali", "cma", "platform"],
        "reference": "S/2015/364; PA-X 1365",
        "sources": [
            "un-s-2015-364",
            "pa-x-1365",
            "pa-x-1366",
            "un-s-2018-58",
            "bamada-observer-annual-2018",
            "maliactu-observer-annual-2018",
            "dw-agreement-ended-2024",
        ],
    },
    {
        "key": "unsc-res-2359-2017",
        "kind": "resolution",
        "title": "Security Council resolution 2359 (2017)",
        "short_title": "Resolution 2359 (2017)",
        "summary": (
            "Adopted on 21 June 2017. The Council welcomes the G5 Sahel Joint Force, which "
            "may count up to 5,000 soldiers and police. The Contact Group's point ix backs "
            "the planning conference that this resolution foresees."
        ),
        "adopted_on": date(2017, 6, 21),
        "place": "usa-new-york",
        "parties": ["unsc"],
        "reference": "S/RES/2359 (2017)",
        "sources": ["un-s-res-2359-2017", "oic-press-release-cg-mali-2017-09-20"],
    },
    {
        "key": "unsc-res-2374-2017",
        "kind": "resolution",
        "title": "Security Council resolution 2374 (2017)",
        "short_title": "Resolution 2374 (2017)",
        "summary": (
            "Adopted on 5 September 2017. The Council creates a regime of targeted "
            "sanctions aimed at whoever obstructs or threatens the agreement's "
            "implementation."
        ),
        "adopted_on": date(2017, 9, 5),
        "place": "usa-new-york",
        "parties": ["unsc"],
        "reference": "S/RES/2374 (2017)",
        "sources": ["un-s-res-2374-2017", "un-s-2017-811"],
    },
    {
        "key": COMMUNIQUE,
        "kind": "communique",
        "title": (
            "Communiqué of the OIC Contact Group on Mali, ministerial meeting, "
            "New York, 20 September 2017"
        ),
        "short_title": "Contact Group communiqué, 20 Sep 2017",
        "summary": (
            "What the Contact Group's ministers agreed in New York on 20 September 2017, at "
            "the margin of the yearly coordination meeting of OIC foreign ministers, after "
            "briefings from the OIC Secretary General and from Mali's head of diplomacy. "
            "Fourteen points: "
            "three state the group's position; eleven ask named actors to do something, "
            "from speeding up the agreement to a joint OIC needs-assessment mission."
        ),
        "adopted_on": date(2017, 9, 20),
        "place": "usa-new-york",
        "parties": ["oic-contact-group-mali"],
        "reference": "OIC press release (oicun.org)",
        "sources": ["oic-press-release-cg-mali-2017-09-20"],
    },
    {
        "key": "csa-priority-timetable-2018-01-16",
        "kind": "timetable",
        "title": "Timetable of priority actions, 16 January 2018",
        "short_title": "Priority timetable, Jan 2018",
        "summary": (
            "A dated list of priority actions agreed on 16 January 2018 and adopted by the "
            "Monitoring Committee at its 23rd session. The demo records that it exists; its "
            "items are not broken down here."
        ),
        "adopted_on": date(2018, 1, 16),
        "parties": ["csa"],
        "reference": "S/2018/58",
        "sources": ["un-s-2018-58"],
    },
    {
        "key": "implementation-roadmap-2018-03-22",
        "kind": "timetable",
        "title": "Implementation roadmap, 22 March 2018",
        "short_title": "Roadmap, Mar 2018",
        "summary": (
            "A roadmap for implementing the agreement, adopted on 22 March 2018. Its items "
            "are not broken down in the demo."
        ),
        "adopted_on": date(2018, 3, 22),
        "parties": [],
        "reference": "S/2018/866",
        "sources": ["un-s-2018-866"],
    },
    {
        "key": "pact-for-peace-2018-10-15",
        "kind": "agreement",
        "title": "Pact for Peace between the Government of Mali and the United Nations",
        "short_title": "Pact for Peace, Oct 2018",
        "summary": "Signed on 15 October 2018 by the Government of Mali and the UN.",
        "adopted_on": date(2018, 10, 15),
        "parties": ["gov-mali", "united-nations"],
        "reference": "",
        "sources": ["rfi-pact-for-peace-2018"],
    },
]

# Clause trees: (document key) -> clauses in reading order; "parent" is another clause's ref.
CLAUSES: dict[str, list[dict]] = {
    AGREEMENT: [
        {
            "ref": "Art. 1",
            "level": "article",
            "heading": "Founding principles",
            "summary": (
                "The parties bind themselves to Mali's unity, territorial integrity and "
                "sovereignty, and to a republican and secular State."
            ),
        },
        {
            "ref": "Art. 5",
            "level": "article",
            "heading": "'Azawad', national understanding and a Charter",
            "summary": (
                "'Azawad' names a social and cultural reality shared by some northern "
                "populations, not a political entity. The government is to hold a national "
                "conference on the roots of the conflict and, with the parties, to draw up "
                "by consensus a Charter for peace, unity and national reconciliation, both "
                "within the interim period."
            ),
        },
        {
            "ref": "Art. 6",
            "level": "article",
            "heading": "Institutional reform",
            "summary": (
                "Regions get assemblies chosen by direct universal suffrage, with real powers "
                "and means, and a directly elected president who heads the regional "
                "executive. Cercles and communes get elected councils, each led by an executive "
                "bureau, and every region can pick its own name. Parliament gains a second "
                "chamber, and "
                "northern populations are to be better represented in national institutions."
            ),
        },
        {
            "ref": "Art. 17",
            "level": "article",
            "heading": "Reconstituted security forces",
            "summary": (
                "Defence and security forces are rebuilt as a single, inclusive body under "
                "State authority and return to the north step by step."
            ),
        },
        {
            "ref": "Art. 18",
            "level": "article",
            "heading": "Cantonment",
            "summary": (
                "The movements' fighters assemble in cantonment sites, with MINUSMA's help, "
                "so that each can be sorted towards integration or demobilisation."
            ),
        },
        {
            "ref": "Art. 19",
            "level": "article",
            "heading": "National DDR commission",
            "summary": (
                "A national commission for disarmament, demobilisation and reintegration is "
                "created and works with the Monitoring Committee."
            ),
        },
        {
            "ref": "Art. 20",
            "level": "article",
            "heading": "Integration or DDR",
            "summary": (
                "As cantonment advances, fighters move either into State bodies, security "
                "forces included, or into the DDR programme."
            ),
        },
        {
            "ref": "Art. 29",
            "level": "article",
            "heading": "Terrorism and organised crime",
            "summary": (
                "All parties commit to act together against terrorism, organised crime and "
                "drug trafficking."
            ),
        },
        {
            "ref": "Art. 38",
            "level": "article",
            "heading": "Development zone for the northern regions",
            "summary": (
                "The northern regions form a development zone that receives priority support "
                "from the State, with short-, medium- and long-term measures listed in an "
                "annex."
            ),
        },
        {
            "ref": "Art. 46",
            "level": "article",
            "heading": "International Commission of Inquiry",
            "summary": (
                "An international commission is to investigate international crimes, set up "
                "by the government with the United Nations."
            ),
        },
        {
            "ref": "Ch. 19",
            "level": "chapter",
            "heading": "Monitoring Committee (articles 57–62)",
            "summary": (
                "Sets up the Monitoring Committee (CSA): Algeria in the chair, MINUSMA as "
                "secretariat, and four thematic sub-committees that mirror the four pillars."
            ),
        },
        {
            "ref": "Art. 63",
            "level": "article",
            "heading": "Independent Observer",
            "summary": (
                "An Independent Observer assesses implementation and publishes a report every "
                "four months."
            ),
        },
        {
            "ref": "Art. 66",
            "level": "article",
            "heading": "Status of the annexes",
            "summary": "The annexes carry the same force as the body of the agreement.",
        },
        {
            "ref": "Annex 1",
            "level": "annex",
            "heading": "Interim period and interim authorities",
            "summary": (
                "Interim authorities take charge of northern communes, cercles and regions "
                "within three months of signature, until elected bodies are in place."
            ),
        },
        {
            "ref": "Annex 2",
            "level": "annex",
            "heading": "Defence and security arrangements",
            "summary": (
                "Timed first steps: the movements give certified lists of fighters and "
                "weapons to the Technical Security Commission within 30 days; within 60 days "
                "the Operational Coordination Mechanism (MOC) and its mixed patrols start and "
                "a decree creates the Integration Commission."
            ),
        },
        {
            "ref": "Annex 3",
            "level": "annex",
            "heading": "Development measures for the north",
            "summary": (
                "Urgent projects for the north, sorted by short, medium and long term, for "
                "the government and its partners to carry out."
            ),
        },
    ],
    # Our sources give no article numbers for the 2014 ceasefire, so its one clause stands
    # for the whole text: it is what an alleged violation of the ceasefire points at.
    CEASEFIRE: [
        {
            "ref": "Whole text",
            "level": "title",
            "heading": "Cessation of hostilities",
            "summary": (
                "The signatories halt the fighting and keep to the truce's terms. Article "
                "numbers are not in our sources, so this entry covers the text as a whole."
            ),
        },
    ],
    COMMUNIQUE: [
        {"ref": "para. i", "level": "paragraph", "heading": "Mali's sovereignty and unity"},
        {"ref": "para. ii", "level": "paragraph", "heading": "Terrorism and crime condemned"},
        {"ref": "para. iii", "level": "paragraph", "heading": "OIC as guarantor; pace of work"},
        {"ref": "para. iv", "level": "paragraph", "heading": "Interim authorities, MOC, Kidal"},
        {"ref": "para. v", "level": "paragraph", "heading": "State authority; July clashes"},
        {"ref": "para. vi", "level": "paragraph", "heading": "Respect for the 2014 ceasefire"},
        {"ref": "para. vii", "level": "paragraph", "heading": "Resolution 2374 welcomed"},
        {"ref": "para. viii", "level": "paragraph", "heading": "G5 Sahel Joint Force"},
        {"ref": "para. ix", "level": "paragraph", "heading": "Planning conference (res. 2359)"},
        {"ref": "para. x", "level": "paragraph", "heading": "Long-term development; IsDB"},
        {"ref": "para. xi", "level": "paragraph", "heading": "Bilateral aid; the Trust Fund"},
        {"ref": "para. xii", "level": "paragraph", "heading": "Displaced people and refugees"},
        {"ref": "para. xiii", "level": "paragraph", "heading": "Islamic cultural heritage"},
        {"ref": "para. xiv", "level": "paragraph", "heading": "Joint needs-assessment mission"},
    ],
}
