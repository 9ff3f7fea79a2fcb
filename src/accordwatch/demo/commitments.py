"""Who must do what, by when: the 2015 agreement's commitments, the 2014 ceasefire's, and
the fourteen decisions of the Contact Group's communiqué of 20 September 2017.

Each entry: ``key`` (stable), ``document``, ``title``, ``summary`` (our words), ``kind``
(action or position), ``pillar``, ``theme``, ``clauses`` (refs in the document),
``responsible`` (actor keys), ``deadline`` / ``deadline_note``, ``related`` (keys of the
commitments a decision follows up), ``sources``.

Left out on purpose: the article numbers the fact sheet marks unverified (2, 3, 14, the
chapters 10, 12 and 15, and the second and third rows given as "46?"). Where the
substance is still needed (development strategy and fund, return of the displaced) the
commitment is kept and attached to no clause. The 30 % budget transfer is left out: its
article is unverified and the fact sheet names no source for its assessment.
"""

from __future__ import annotations

from datetime import date

from accordwatch.demo.documents import AGREEMENT, COMMUNIQUE

TEXT = ["un-s-2015-364", "pa-x-1365"]
OIC_PR = ["oic-press-release-cg-mali-2017-09-20"]
SIGNATORIES = ["gov-mali", "cma", "platform"]
MOVEMENTS = ["cma", "platform"]
INTERIM_PERIOD_END = date(2017, 6, 20)  # the interim period ran out that day (S/2017/811)
NO_CLAUSE = " Our sources do not confirm its article number, so it is attached to no clause."


def _agreement(key: str, **fields) -> dict:
    fields.setdefault("kind", "action")
    fields.setdefault("sources", TEXT)
    fields.setdefault("clauses", [])
    return {"key": f"apr-{key}", "document": AGREEMENT, **fields}


AGREEMENT_COMMITMENTS: list[dict] = [
    # --- Foundations (positions, not scored) --------------------------------------------
    _agreement(
        "unity-sovereignty",
        kind="position",
        pillar="foundations",
        theme="principles",
        title="Uphold Mali's unity, territorial integrity and secular republic",
        summary=(
            "Every signatory accepts that Mali stays one sovereign State within its present "
            "borders, republican and secular. It frames the rest of the agreement; as a "
            "stance rather than a task it carries no score."
        ),
        clauses=["Art. 1"],
        responsible=SIGNATORIES,
    ),
    _agreement(
        "azawad-term",
        kind="position",
        pillar="foundations",
        theme="principles",
        title="Treat 'Azawad' as a cultural reality, not a political unit",
        summary=(
            "The parties agree that 'Azawad' refers to a social and cultural reality lived "
            "by some northern populations and does not mark out a political unit."
        ),
        clauses=["Art. 5"],
        responsible=SIGNATORIES,
    ),
    # --- Political and institutional ----------------------------------------------------
    _agreement(
        "regional-assemblies",
        pillar="political-institutional",
        theme="decentralisation",
        title="Elect regional assemblies by direct universal suffrage",
        summary=(
            "Each region gets an assembly chosen directly by its voters, with genuine "
            "powers and the money to exercise them."
        ),
        clauses=["Art. 6"],
        responsible=["gov-mali", "national-assembly-mali"],
    ),
    _agreement(
        "regional-executive",
        pillar="political-institutional",
        theme="decentralisation",
        title="Directly elected regional presidents at the head of the executive",
        summary=(
            "The president of each regional assembly is chosen by direct vote and leads "
            "the region's executive."
        ),
        clauses=["Art. 6"],
        responsible=["gov-mali", "national-assembly-mali"],
    ),
    _agreement(
        "local-councils",
        pillar="political-institutional",
        theme="decentralisation",
        title="Elected councils for cercles and communes",
        summary=(
            "Cercles and communes are run by elected councils, each with its own executive "
            "bureau; every region may decide on its own name."
        ),
        clauses=["Art. 6"],
        responsible=["gov-mali", "national-assembly-mali"],
    ),
    _agreement(
        "second-chamber",
        pillar="political-institutional",
        theme="national institutions",
        title="Add a second chamber to Parliament",
        summary="Parliament gains an upper house: a Senate or a body of the same kind.",
        clauses=["Art. 6"],
        responsible=["gov-mali", "national-assembly-mali"],
    ),
    _agreement(
        "northern-representation",
        pillar="political-institutional",
        theme="national institutions",
        title="Give the north more weight in national institutions",
        summary=(
            "People from the northern regions are to be better represented in the "
            "country's national institutions."
        ),
        clauses=["Art. 6"],
        responsible=["gov-mali"],
    ),
    _agreement(
        "interim-authorities",
        pillar="political-institutional",
        theme="interim authorities",
        title="Install interim authorities in the north within three months",
        summary=(
            "Until councils are elected, appointed interim authorities run the northern "
            "communes, cercles and regions. The agreement allowed three months from "
            "signature to put them in place."
        ),
        clauses=["Annex 1"],
        responsible=SIGNATORIES,
        deadline=date(2015, 9, 20),
        deadline_note="within 3 months of signature (counted from 20 June 2015)",
    ),
    _agreement(
        "csa",
        pillar="political-institutional",
        theme="guarantees and follow-up",
        title="Run the Monitoring Committee and its four sub-committees",
        summary=(
            "The Monitoring Committee (CSA), with Algeria in the chair and MINUSMA as "
            "secretariat, oversees implementation through four thematic sub-committees, "
            "one per pillar."
        ),
        clauses=["Ch. 19"],
        responsible=["csa", "algeria", "minusma", *SIGNATORIES],
    ),
    _agreement(
        "independent-observer",
        pillar="political-institutional",
        theme="guarantees and follow-up",
        title="An Independent Observer reports every four months",
        summary=(
            "An Independent Observer appraises how implementation is going and publishes "
            "its findings three times a year. The Carter Center holds the role."
        ),
        clauses=["Art. 63"],
        responsible=["csa", "carter-center"],
        deadline_note="a report every four months",
        sources=[*TEXT, "carter-center-2018-05-28"],
    ),
    # --- Defence and security -----------------------------------------------------------
    _agreement(
        "unified-forces",
        pillar="defence-security",
        theme="security sector reform",
        title="Rebuild single, inclusive defence and security forces",
        summary=(
            "The armed and security forces are reconstituted as one inclusive body under "
            "the command of the State."
        ),
        clauses=["Art. 17"],
        responsible=SIGNATORIES,
    ),
    _agreement(
        "redeployment",
        pillar="defence-security",
        theme="State authority",
        title="Redeploy the reconstituted forces in the north, step by step",
        summary=(
            "Reconstituted units go back into the northern regions in stages, bringing the "
            "State's presence back with them."
        ),
        clauses=["Art. 17"],
        responsible=["gov-mali"],
        deadline_note="progressive",
    ),
    _agreement(
        "cantonment",
        pillar="defence-security",
        theme="cantonment and DDR",
        title="Canton the movements' combatants",
        summary=(
            "Fighters of the movements gather at cantonment sites, with MINUSMA's support, "
            "where they are identified and sorted towards integration or DDR."
        ),
        clauses=["Art. 18"],
        responsible=[*MOVEMENTS, "gov-mali", "minusma"],
    ),
    _agreement(
        "ddr-commission",
        pillar="defence-security",
        theme="cantonment and DDR",
        title="Create a national DDR commission",
        summary=(
            "A national commission for disarmament, demobilisation and reintegration is "
            "set up and works alongside the Monitoring Committee."
        ),
        clauses=["Art. 19"],
        responsible=["gov-mali", *MOVEMENTS],
    ),
    _agreement(
        "integration-ddr",
        pillar="defence-security",
        theme="cantonment and DDR",
        title="Integrate combatants or take them through DDR",
        summary=(
            "Fighters who have been through cantonment either join State bodies, the "
            "security forces among them, or enter the DDR programme."
        ),
        clauses=["Art. 20"],
        responsible=["gov-mali"],
        deadline_note="progressively, as cantonment advances",
    ),
    _agreement(
        "combatant-lists",
        pillar="defence-security",
        theme="cantonment and DDR",
        title="Hand over certified lists of combatants and weapons within 30 days",
        summary=(
            "Each movement gives the Technical Security Commission a certified roll of its "
            "fighters and of their weapons."
        ),
        clauses=["Annex 2"],
        responsible=MOVEMENTS,
        deadline=date(2015, 7, 20),
        deadline_note="within 30 days of signature (counted from 20 June 2015)",
    ),
    _agreement(
        "moc-patrols",
        pillar="defence-security",
        theme="MOC and joint patrols",
        title="Set up the Operational Coordination Mechanism and mixed patrols",
        summary=(
            "The Operational Coordination Mechanism (MOC) puts soldiers and fighters of "
            "both coalitions into mixed units that patrol together. The Technical Security "
            "Commission and the parties were to start it within 60 days."
        ),
        clauses=["Annex 2"],
        responsible=["cts", *SIGNATORIES],
        deadline=date(2015, 8, 19),
        deadline_note="within 60 days of signature (counted from 20 June 2015)",
    ),
    _agreement(
        "integration-commission",
        pillar="defence-security",
        theme="security sector reform",
        title="Create the Integration Commission by decree within 60 days",
        summary="A government decree establishes the commission in charge of integration.",
        clauses=["Annex 2"],
        responsible=["gov-mali"],
        deadline=date(2015, 8, 19),
        deadline_note="within 60 days of signature (counted from 20 June 2015)",
    ),
    _agreement(
        "counter-terrorism",
        pillar="defence-security",
        theme="terrorism and organised crime",
        title="Fight terrorism, organised crime and drug trafficking together",
        summary=(
            "The parties pledge to act jointly against terrorist groups, organised crime "
            "and the drug trade."
        ),
        clauses=["Art. 29"],
        responsible=SIGNATORIES,
    ),
    # --- Socio-economic and cultural development ----------------------------------------
    _agreement(
        "north-development-zone",
        pillar="development",
        theme="northern development",
        title="Give the northern development zone priority State support",
        summary=(
            "The northern regions form a development zone with first call on State "
            "support; an annex lists the short-, medium- and long-term measures."
        ),
        clauses=["Art. 38"],
        responsible=["gov-mali"],
        deadline_note="short, medium and long term",
    ),
    _agreement(
        "urgent-projects",
        pillar="development",
        theme="northern development",
        title="Carry out the urgent development projects for the north",
        summary=(
            "The government and its partners deliver the projects the annex lists for the "
            "north, in short-, medium- and long-term batches."
        ),
        clauses=["Annex 3"],
        responsible=["gov-mali"],
        deadline_note="short, medium and long term",
    ),
    _agreement(
        "development-strategy",
        pillar="development",
        theme="northern development",
        title="Draw up and apply a development strategy for the northern regions",
        summary=(
            "A development strategy specific to the northern regions is drawn up with the "
            "country's partners and then put to work." + NO_CLAUSE
        ),
        responsible=["gov-mali"],
    ),
    _agreement(
        "development-fund",
        pillar="development",
        theme="northern development",
        title="Create and use a fund dedicated to the north's development",
        summary=(
            "A fund is set up, and used, to finance the development of the north." + NO_CLAUSE
        ),
        responsible=["gov-mali"],
    ),
    # --- Reconciliation, justice and humanitarian issues --------------------------------
    _agreement(
        "national-understanding-conference",
        pillar="reconciliation-justice-humanitarian",
        theme="reconciliation",
        title="Hold a conference of national understanding",
        summary=(
            "During the interim period the government convenes a national conference, "
            "supported by the Monitoring Committee, to examine the deep causes of the "
            "conflict."
        ),
        clauses=["Art. 5"],
        responsible=["gov-mali", "csa"],
        deadline=INTERIM_PERIOD_END,
        deadline_note="within the interim period, which ended on 20 June 2017",
        sources=[*TEXT, "un-s-2017-811"],
    ),
    _agreement(
        "charter",
        pillar="reconciliation-justice-humanitarian",
        theme="reconciliation",
        title="Adopt a Charter for Peace, Unity and National Reconciliation by consensus",
        summary=(
            "The government and the parties write a charter on peace, unity and national "
            "reconciliation that all of them can accept."
        ),
        clauses=["Art. 5"],
        responsible=SIGNATORIES,
        deadline=INTERIM_PERIOD_END,
        deadline_note="within the interim period, which ended on 20 June 2017",
        sources=[*TEXT, "un-s-2017-811"],
    ),
    _agreement(
        "commission-of-inquiry",
        pillar="reconciliation-justice-humanitarian",
        theme="justice",
        title="Set up an International Commission of Inquiry and let it investigate",
        summary=(
            "With the United Nations, the government establishes an international "
            "commission, which then investigates international crimes."
        ),
        clauses=["Art. 46"],
        responsible=["gov-mali", "united-nations"],
    ),
    _agreement(
        "return-displaced",
        pillar="reconciliation-justice-humanitarian",
        theme="humanitarian",
        title="Enable the voluntary and safe return of refugees and displaced people",
        summary=(
            "Refugees and people displaced inside Mali can come home of their own free "
            "will and in safety, and get help to settle back." + NO_CLAUSE
        ),
        responsible=["gov-mali"],
    ),
]

CEASEFIRE_COMMITMENTS: list[dict] = [
    {
        "key": "ceasefire-2014-cessation-of-hostilities",
        "document": "ceasefire-2014-05-23",
        "kind": "action",
        "pillar": "defence-security",
        "theme": "ceasefire",
        "title": "Stop hostilities and keep to the ceasefire",
        "summary": (
            "The signatories stop fighting and abide by the ceasefire's terms. In 2017 the "
            "Contact Group still held the armed groups to it (decision vi)."
        ),
        "clauses": ["Whole text"],
        "responsible": ["gov-mali", "mnla", "hcua", "maa-cma"],
        "sources": ["pa-x-816", *OIC_PR],
    },
]

_ROMAN = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv"]


def _decision(number: str, **fields) -> dict:
    assert number in _ROMAN
    fields.setdefault("sources", OIC_PR)
    fields.setdefault("related", [])
    fields.setdefault("responsible", [])
    return {
        "key": f"oic-cg-mali-2017-09-20-{number}",
        "document": COMMUNIQUE,
        "pillar": None,
        "clauses": [f"para. {number}"],
        **fields,
    }


DECISIONS: list[dict] = [
    _decision(
        "i",
        kind="position",
        theme="sovereignty",
        title="Reaffirm Mali's sovereignty, unity and territorial integrity",
        summary="The group says again that it stands by a sovereign, united and whole Mali.",
        related=["apr-unity-sovereignty"],
    ),
    _decision(
        "ii",
        kind="position",
        theme="security",
        title="Condemn extremism, terrorism and organised crime in Mali and the Sahel",
        summary=(
            "The ministers once more denounce violent extremism and terrorism of every "
            "kind, as well as organised crime and the trafficking of drugs and people, all "
            "of which keep Mali and the wider Sahel unstable."
        ),
        related=["apr-counter-terrorism"],
    ),
    _decision(
        "iii",
        kind="action",
        theme="guarantees",
        title="Stay engaged as a guarantor in the Monitoring Committee; parties to move faster",
        summary=(
            "The OIC confirms that it remains one of the agreement's guarantors and will "
            "keep working with the Malian government through its seat on the Monitoring "
            "Committee. The Malian signatories are pressed to implement faster."
        ),
        responsible=["oic", *SIGNATORIES],
        related=["apr-csa"],
    ),
    _decision(
        "iv",
        kind="action",
        theme="interim authorities and MOC",
        title="Build on the interim authorities and the MOC; end the stand-off in Kidal",
        summary=(
            "The group acknowledges real progress and the government's inclusive method, "
            "naming the interim administrations now in place in the north and the "
            "mechanism that runs joint patrols, and asks for the deadlock over Kidal to "
            "end. The point both welcomes and asks; it is tracked as an action."
        ),
        responsible=SIGNATORIES,
        related=["apr-interim-authorities", "apr-moc-patrols"],
    ),
    _decision(
        "v",
        kind="action",
        theme="State authority",
        title="Restore State authority everywhere; condemn the July 2017 clashes",
        summary=(
            "Noting how fragile Kidal and its surroundings remain, the group urges a "
            "quicker and inclusive return of the State to the whole country, and condemns "
            "the fighting of July 2017 between rival signatory groups in that area."
        ),
        responsible=SIGNATORIES,
        related=["apr-redeployment"],
    ),
    _decision(
        "vi",
        kind="action",
        theme="ceasefire",
        title="Armed groups to respect the May 2014 ceasefire; spoilers warned of sanctions",
        summary=(
            "The groups behind the recent fighting, itself a breach of the ceasefire, must "
            "meet their obligations and honour the ceasefire of May 2014. Anyone working "
            "against peace is warned to stop or face heavy sanctions."
        ),
        responsible=MOVEMENTS,
        related=["ceasefire-2014-cessation-of-hostilities"],
        sources=[*OIC_PR, "pa-x-816"],
    ),
    _decision(
        "vii",
        kind="position",
        theme="sanctions",
        title="Welcome resolution 2374 and its targeted sanctions",
        summary=(
            "The group welcomes the Security Council's new targeted-sanctions regime, aimed at "
            "whoever stands in the way of the agreement."
        ),
        responsible=["unsc"],
        sources=[*OIC_PR, "un-s-res-2374-2017"],
    ),
    _decision(
        "viii",
        kind="action",
        theme="regional security",
        title="Member states to support the G5 Sahel Joint Force",
        summary=(
            "The group welcomes the force that the five Sahel states, Mali included, have "
            "formed against terrorism, cross-border crime and trafficking. It asks OIC "
            "members to back this regional effort, which it sees as a real answer to "
            "attacks that spill across borders."
        ),
        responsible=["oic-member-states"],
    ),
    _decision(
        "ix",
        kind="action",
        theme="assistance",
        title="Support the planning conference of resolution 2359 in Brussels",
        summary=(
            "The group backs the planning conference that resolution 2359 foresees, at "
            "the time set for Brussels on 16 December 2017, and asks member states to "
            "support it."
        ),
        responsible=["oic-member-states"],
        deadline_note="conference then planned for 16 December 2017",
        sources=[*OIC_PR, "un-s-res-2359-2017"],
    ),
    _decision(
        "x",
        kind="action",
        theme="development",
        title="Member states and the IsDB to support Mali's long-term development",
        summary=(
            "Member states and the OIC's financial institutions, the Islamic Development "
            "Bank above all, are asked to give Mali what it needs for its long-term "
            "development, within the Sahel strategies of the OIC and the UN, and to "
            "contribute on a large scale to its social and economic progress."
        ),
        responsible=["oic-member-states", "isdb"],
    ),
    _decision(
        "xi",
        kind="action",
        theme="trust fund",
        title="Step up bilateral aid; the Secretary General to prepare the Trust Fund",
        summary=(
            "The group welcomes the projects and other help that member states give Mali "
            "bilaterally and urges them to do more. It charges the Secretary General with "
            "the first steps towards the Trust Fund that the 12th Islamic Summit decided "
            "to create."
        ),
        responsible=["oic-member-states", "oic-general-secretariat"],
    ),
    _decision(
        "xii",
        kind="action",
        theme="humanitarian",
        title="Keep up humanitarian aid to displaced Malians and refugees",
        summary=(
            "Member states, OIC institutions and Islamic NGOs are asked to keep giving "
            "generously to relieve Malians displaced at home and refugees abroad, "
            "including by helping the countries that host them and the government."
        ),
        responsible=["oic-member-states", "oic-institutions", "islamic-ngos"],
        related=["apr-return-displaced"],
    ),
    _decision(
        "xiii",
        kind="action",
        theme="cultural heritage",
        title="Restoring Mali's Islamic heritage: ISESCO and IRCICA, working with UNESCO",
        summary=(
            "The group renews its request to ISESCO and IRCICA to repair and safeguard "
            "Mali's Islamic cultural heritage, working together with UNESCO."
        ),
        responsible=["isesco", "ircica"],
    ),
    _decision(
        "xiv",
        kind="action",
        theme="needs-assessment mission",
        title="Dispatch of a joint OIC needs-assessment mission by the Secretary General",
        summary=(
            "The Secretary General is to send, without delay, a mission made up of the OIC "
            "institutions concerned and of willing Contact Group members. It is to look at "
            "security, social and economic conditions, development and humanitarian needs "
            "on the ground, and report on the financial, material and technical help that "
            "could be offered."
        ),
        responsible=["oic-general-secretariat"],
        deadline_note="as soon as possible",
    ),
]

COMMITMENTS: list[dict] = [*AGREEMENT_COMMITMENTS, *CEASEFIRE_COMMITMENTS, *DECISIONS]
