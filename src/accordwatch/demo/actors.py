"""Actors and their dated coalition memberships.

Names in French and Arabic only where we know them reliably; blank otherwise.
Collective actors ("OIC member states") exist because the communiqué assigns tasks to
them as a group.
"""

from __future__ import annotations

from datetime import date

AGREEMENT = ["un-s-2015-364", "pa-x-1365"]
COMMUNIQUE = ["oic-press-release-cg-mali-2017-09-20"]
NOTES = "accordwatch-mali-2017-notes"

ACTORS: list[dict] = [
    # --- Malian parties -----------------------------------------------------------------
    {
        "key": "gov-mali",
        "kind": "government",
        "name_en": "Government of Mali",
        "name_fr": "Gouvernement du Mali",
        "name_ar": "حكومة مالي",
        "acronym": "",
        "country": "mli",
        "description": "Signatory of the 2014 ceasefire and of the 2015 agreement.",
        "sources": AGREEMENT,
    },
    {
        "key": "national-assembly-mali",
        "kind": "body",
        "name_en": "National Assembly of Mali",
        "name_fr": "Assemblée nationale du Mali",
        "name_ar": "",
        "acronym": "",
        "country": "mli",
        "description": "The legislature that must pass the laws several reforms depend on.",
        "sources": AGREEMENT,
    },
    {
        "key": "cma",
        "kind": "coalition",
        "name_en": "Coordination of Azawad Movements",
        "name_fr": "Coordination des mouvements de l'Azawad",
        "name_ar": "تنسيقية الحركات الأزوادية",
        "acronym": "CMA",
        "country": "mli",
        "description": (
            "Coalition of movements formed on 28 October 2014; its signature on 20 June 2015 "
            "completed the agreement."
        ),
        "sources": [*AGREEMENT, "un-s-2018-58", NOTES],
    },
    {
        "key": "mnla",
        "kind": "armed_group",
        "name_en": "National Movement for the Liberation of Azawad",
        "name_fr": "Mouvement national de libération de l'Azawad",
        "name_ar": "الحركة الوطنية لتحرير أزواد",
        "acronym": "MNLA",
        "country": "mli",
        "description": "Signed the 2014 ceasefire; member of the CMA.",
        "sources": ["pa-x-816", *AGREEMENT],
    },
    {
        "key": "hcua",
        "kind": "armed_group",
        "name_en": "High Council for the Unity of Azawad",
        "name_fr": "Haut conseil pour l'unité de l'Azawad",
        "name_ar": "المجلس الأعلى لوحدة أزواد",
        "acronym": "HCUA",
        "country": "mli",
        "description": "Signed the 2014 ceasefire; member of the CMA.",
        "sources": ["pa-x-816", *AGREEMENT],
    },
    {
        "key": "maa-cma",
        "kind": "armed_group",
        "name_en": "Arab Movement of Azawad (CMA wing)",
        "name_fr": "Mouvement arabe de l'Azawad (aile CMA)",
        "name_ar": "الحركة العربية الأزوادية",
        "acronym": "MAA",
        "country": "mli",
        "description": (
            "The MAA split in two; this wing sits in the CMA. The demo links the MAA's "
            "signature of the 2014 ceasefire to this wing; our sources do not say which wing."
        ),
        "sources": ["pa-x-816", *AGREEMENT],
    },
    {
        "key": "platform",
        "kind": "coalition",
        "name_en": "Platform of the movements of 14 June 2014 of Algiers",
        "name_fr": "Plateforme des mouvements du 14 juin 2014 d'Alger",
        "name_ar": "",
        "acronym": "Platform",
        "country": "mli",
        "description": (
            "Coalition of movements whose name carries a date, 14 June 2014, and a place, "
            "Algiers; a signatory of the 2015 agreement."
        ),
        "sources": AGREEMENT,
    },
    {
        "key": "gatia",
        "kind": "armed_group",
        "name_en": "Imghad Tuareg and Allies Self-Defence Group",
        "name_fr": "Groupe d'autodéfense touareg Imghad et alliés",
        "name_ar": "",
        "acronym": "GATIA",
        "country": "mli",
        "description": "Member of the Platform; fought the CMA around Kidal in July 2017.",
        "sources": [*AGREEMENT, "acled-mali"],
    },
    {
        "key": "cmfpr",
        "kind": "armed_group",
        "name_en": "Coordination of Patriotic Resistance Movements and Fronts",
        "name_fr": "",
        "name_ar": "",
        "acronym": "CMFPR",
        "country": "mli",
        "description": "Member of the Platform; named among the July 2017 belligerents.",
        "sources": [*AGREEMENT, "acled-mali"],
    },
    {
        "key": "maa-platform",
        "kind": "armed_group",
        "name_en": "Arab Movement of Azawad (loyalist wing)",
        "name_fr": "Mouvement arabe de l'Azawad (aile loyaliste)",
        "name_ar": "",
        "acronym": "MAA",
        "country": "mli",
        "description": "The wing of the MAA that joined the Platform.",
        "sources": AGREEMENT,
    },
    {
        "key": "mpsa",
        "kind": "armed_group",
        "name_en": "Popular Movement for the Salvation of Azawad",
        "name_fr": "Mouvement populaire pour le salut de l'Azawad",
        "name_ar": "",
        "acronym": "MPSA",
        "country": "mli",
        "description": "Member of the Platform.",
        "sources": AGREEMENT,
    },
    {
        "key": "fpa",
        "kind": "armed_group",
        "name_en": "Popular Front of Azawad",
        "name_fr": "Front populaire de l'Azawad",
        "name_ar": "",
        "acronym": "FPA",
        "country": "mli",
        "description": "Member of the Platform.",
        "sources": AGREEMENT,
    },
    {
        "key": "cme",
        "kind": "coalition",
        "name_en": "Coordination of the Movements of the Entente",
        "name_fr": "Coordination des mouvements de l'entente",
        "name_ar": "",
        "acronym": "CME",
        "country": "mli",
        "description": (
            "A grouping of movements formed in 2017. Its members are not recorded in the demo."
        ),
        "sources": [NOTES],
    },
    {
        "key": "msa",
        "kind": "armed_group",
        "name_en": "Movement for the Salvation of Azawad",
        "name_fr": "Mouvement pour le salut de l'Azawad",
        "name_ar": "",
        "acronym": "MSA",
        "country": "mli",
        "description": "Joined the Platform in 2019, after the demo period.",
        "sources": [NOTES],
    },
    # --- Mediation ----------------------------------------------------------------------
    {
        "key": "mediation-team",
        "kind": "body",
        "name_en": "International mediation team (Algiers process)",
        "name_fr": "Équipe de médiation internationale",
        "name_ar": "",
        "acronym": "",
        "country": None,
        "description": "Led by Algeria; brought the parties to the 2015 agreement.",
        "sources": AGREEMENT,
    },
    {
        "key": "algeria",
        "kind": "state",
        "name_en": "Algeria",
        "name_fr": "Algérie",
        "name_ar": "الجزائر",
        "acronym": "",
        "country": "dza",
        "description": "Lead mediator; chairs the Monitoring Committee.",
        "sources": AGREEMENT,
    },
    {
        "key": "burkina-faso",
        "kind": "state",
        "name_en": "Burkina Faso",
        "name_fr": "Burkina Faso",
        "name_ar": "بوركينا فاسو",
        "acronym": "",
        "country": None,
        "description": "Member of the mediation team.",
        "sources": AGREEMENT,
    },
    {
        "key": "mauritania",
        "kind": "state",
        "name_en": "Mauritania",
        "name_fr": "Mauritanie",
        "name_ar": "موريتانيا",
        "acronym": "",
        "country": None,
        "description": (
            "Member of the mediation team. Its president, then chairing the African Union, "
            "brokered the ceasefire of 23 May 2014."
        ),
        "sources": [*AGREEMENT, "pa-x-816"],
    },
    {
        "key": "niger",
        "kind": "state",
        "name_en": "Niger",
        "name_fr": "Niger",
        "name_ar": "النيجر",
        "acronym": "",
        "country": None,
        "description": "Member of the mediation team; hosts Malian refugees.",
        "sources": [*AGREEMENT, "ocha-displacement-2016-08"],
    },
    {
        "key": "nigeria",
        "kind": "state",
        "name_en": "Nigeria",
        "name_fr": "Nigeria",
        "name_ar": "نيجيريا",
        "acronym": "",
        "country": None,
        "description": "Member of the mediation team.",
        "sources": AGREEMENT,
    },
    {
        "key": "chad",
        "kind": "state",
        "name_en": "Chad",
        "name_fr": "Tchad",
        "name_ar": "تشاد",
        "acronym": "",
        "country": None,
        "description": "Member of the mediation team.",
        "sources": AGREEMENT,
    },
    {
        "key": "ecowas",
        "kind": "igo",
        "name_en": "Economic Community of West African States",
        "name_fr": "Communauté économique des États de l'Afrique de l'Ouest",
        "name_ar": "الجماعة الاقتصادية لدول غرب أفريقيا",
        "acronym": "ECOWAS",
        "country": None,
        "description": "Member of the mediation team.",
        "sources": AGREEMENT,
    },
    {
        "key": "african-union",
        "kind": "igo",
        "name_en": "African Union",
        "name_fr": "Union africaine",
        "name_ar": "الاتحاد الأفريقي",
        "acronym": "AU",
        "country": None,
        "description": "Member of the mediation team.",
        "sources": AGREEMENT,
    },
    {
        "key": "united-nations",
        "kind": "igo",
        "name_en": "United Nations",
        "name_fr": "Organisation des Nations unies",
        "name_ar": "الأمم المتحدة",
        "acronym": "UN",
        "country": None,
        "description": "Member of the mediation team; signed the Pact for Peace of October 2018.",
        "sources": [*AGREEMENT, "rfi-pact-for-peace-2018"],
    },
    {
        "key": "european-union",
        "kind": "igo",
        "name_en": "European Union",
        "name_fr": "Union européenne",
        "name_ar": "الاتحاد الأوروبي",
        "acronym": "EU",
        "country": None,
        "description": (
            "Member of the mediation team. With its member states it gave EUR 176m of the "
            "EUR 414m raised for the Joint Force at the Brussels conference of February 2018."
        ),
        "sources": [*AGREEMENT, "europa-statement-18-1166"],
    },
    {
        "key": "oic",
        "kind": "igo",
        "name_en": "Organisation of Islamic Cooperation",
        "name_fr": "Organisation de la coopération islamique",
        "name_ar": "منظمة التعاون الإسلامي",
        "acronym": "OIC",
        "country": None,
        "description": "Member of the mediation team and one of the agreement's guarantors.",
        "sources": [*AGREEMENT, *COMMUNIQUE],
    },
    # --- OIC organs and institutions ----------------------------------------------------
    {
        "key": "oic-general-secretariat",
        "kind": "oic_organ",
        "name_en": "OIC General Secretariat (Secretary General)",
        "name_fr": "Secrétariat général de l'OCI (Secrétaire général)",
        "name_ar": "الأمانة العامة لمنظمة التعاون الإسلامي",
        "acronym": "",
        "country": None,
        "description": (
            "Tasked by the Contact Group with the Trust Fund steps and the needs mission."
        ),
        "sources": COMMUNIQUE,
    },
    {
        "key": "oic-contact-group-mali",
        "kind": "body",
        "name_en": "OIC Contact Group on Mali",
        "name_fr": "Groupe de contact de l'OCI sur le Mali",
        "name_ar": "",
        "acronym": "",
        "country": None,
        "description": (
            "OIC member states following the Malian crisis; met at ministerial level in "
            "New York on 20 September 2017."
        ),
        "sources": COMMUNIQUE,
    },
    {
        "key": "oic-member-states",
        "kind": "other",
        "name_en": "OIC member states (collectively)",
        "name_fr": "États membres de l'OCI",
        "name_ar": "الدول الأعضاء في منظمة التعاون الإسلامي",
        "acronym": "",
        "country": None,
        "description": "The member states as a group, to whom several decisions are addressed.",
        "sources": COMMUNIQUE,
    },
    {
        "key": "oic-institutions",
        "kind": "oic_organ",
        "name_en": "OIC institutions (collectively)",
        "name_fr": "Institutions de l'OCI",
        "name_ar": "",
        "acronym": "",
        "country": None,
        "description": "The OIC's subsidiary, specialised and affiliated institutions as a group.",
        "sources": COMMUNIQUE,
    },
    {
        "key": "islamic-ngos",
        "kind": "ngo",
        "name_en": "Islamic NGOs (collectively)",
        "name_fr": "ONG islamiques",
        "name_ar": "",
        "acronym": "",
        "country": None,
        "description": "Charities asked by the Contact Group to keep up humanitarian aid.",
        "sources": COMMUNIQUE,
    },
    {
        "key": "isdb",
        "kind": "financial",
        "name_en": "Islamic Development Bank",
        "name_fr": "Banque islamique de développement",
        "name_ar": "البنك الإسلامي للتنمية",
        "acronym": "IsDB",
        "country": None,
        "description": (
            "The OIC's development bank; announced USD 250m for Mali at the Brussels "
            "conference of 15 May 2013."
        ),
        "sources": [*COMMUNIQUE, "reliefweb-isdb-2013"],
    },
    {
        "key": "isesco",
        "kind": "oic_organ",
        "name_en": "Islamic Educational, Scientific and Cultural Organization",
        "name_fr": "Organisation islamique pour l'éducation, les sciences et la culture",
        "name_ar": "المنظمة الإسلامية للتربية والعلوم والثقافة",
        "acronym": "ISESCO",
        "country": None,
        "description": "Asked, with IRCICA and UNESCO, to look after Mali's Islamic heritage.",
        "sources": COMMUNIQUE,
    },
    {
        "key": "ircica",
        "kind": "oic_organ",
        "name_en": "Research Centre for Islamic History, Art and Culture",
        "name_fr": "Centre de recherches sur l'histoire, l'art et la culture islamiques",
        "name_ar": "مركز الأبحاث للتاريخ والفنون والثقافة الإسلامية",
        "acronym": "IRCICA",
        "country": None,
        "description": "Asked, with ISESCO and UNESCO, to look after Mali's Islamic heritage.",
        "sources": COMMUNIQUE,
    },
    # --- UN and others ------------------------------------------------------------------
    {
        "key": "unesco",
        "kind": "igo",
        "name_en": "United Nations Educational, Scientific and Cultural Organization",
        "name_fr": "Organisation des Nations unies pour l'éducation, la science et la culture",
        "name_ar": "منظمة الأمم المتحدة للتربية والعلم والثقافة",
        "acronym": "UNESCO",
        "country": None,
        "description": "Partner of ISESCO and IRCICA for Mali's heritage.",
        "sources": COMMUNIQUE,
    },
    {
        "key": "minusma",
        "kind": "igo",
        "name_en": "United Nations Multidimensional Integrated Stabilization Mission in Mali",
        "name_fr": (
            "Mission multidimensionnelle intégrée des Nations unies pour la stabilisation au Mali"
        ),
        "name_ar": "",
        "acronym": "MINUSMA",
        "country": "mli",
        "description": "Secretariat of the Monitoring Committee; supports cantonment.",
        "sources": AGREEMENT,
    },
    {
        "key": "unsc",
        "kind": "igo",
        "name_en": "United Nations Security Council",
        "name_fr": "Conseil de sécurité des Nations unies",
        "name_ar": "مجلس الأمن التابع للأمم المتحدة",
        "acronym": "UNSC",
        "country": None,
        "description": "Adopted resolutions 2359 and 2374 in 2017.",
        "sources": ["un-s-res-2359-2017", "un-s-res-2374-2017"],
    },
    {
        "key": "csa",
        "kind": "body",
        "name_en": "Agreement Monitoring Committee",
        "name_fr": "Comité de suivi de l'Accord",
        "name_ar": "",
        "acronym": "CSA",
        "country": "mli",
        "description": (
            "Follows the agreement's implementation under chapter 19; chaired by Algeria, "
            "with MINUSMA as secretariat and four thematic sub-committees."
        ),
        "sources": AGREEMENT,
    },
    {
        "key": "cts",
        "kind": "body",
        "name_en": "Technical Security Commission",
        "name_fr": "Commission technique de sécurité",
        "name_ar": "",
        "acronym": "CTS",
        "country": "mli",
        "description": "Receives the movements' combatant lists and sets up the joint patrols.",
        "sources": AGREEMENT,
    },
    {
        "key": "carter-center",
        "kind": "ngo",
        "name_en": "The Carter Center (Independent Observer)",
        "name_fr": "Centre Carter (Observateur indépendant)",
        "name_ar": "",
        "acronym": "",
        "country": None,
        "description": "Serves as the agreement's Independent Observer under article 63.",
        "sources": ["carter-center-2018-05-28", "carter-center-2018-10-26"],
    },
    {
        "key": "g5-sahel",
        "kind": "igo",
        "name_en": "G5 Sahel",
        "name_fr": "G5 Sahel",
        "name_ar": "مجموعة دول الساحل الخمس",
        "acronym": "G5S",
        "country": None,
        "description": (
            "Five Sahel states, Mali among them, grouped since 19 December 2014; their Joint "
            "Force may number up to 5,000 soldiers and police."
        ),
        "sources": ["un-s-res-2359-2017", NOTES],
    },
    {
        "key": "saudi-arabia",
        "kind": "state",
        "name_en": "Saudi Arabia",
        "name_fr": "Arabie saoudite",
        "name_ar": "المملكة العربية السعودية",
        "acronym": "",
        "country": None,
        "description": "Pledged EUR 100m to the G5 Sahel Joint Force in Paris on 13 Dec 2017.",
        "sources": ["rfi-joint-force-pledges-2017"],
    },
    {
        "key": "uae",
        "kind": "state",
        "name_en": "United Arab Emirates",
        "name_fr": "Émirats arabes unis",
        "name_ar": "الإمارات العربية المتحدة",
        "acronym": "UAE",
        "country": None,
        "description": "Pledged EUR 30m to the G5 Sahel Joint Force in Paris on 13 Dec 2017.",
        "sources": ["rfi-joint-force-pledges-2017"],
    },
    {
        "key": "france",
        "kind": "state",
        "name_en": "France",
        "name_fr": "France",
        "name_ar": "فرنسا",
        "acronym": "",
        "country": "fra",
        "description": "Hosted the Paris conference of October 2015 and the December 2017 meeting.",
        "sources": ["abamako-paris-conference-2015", "rfi-joint-force-pledges-2017"],
    },
]

CMA_FORMED = date(2014, 10, 28)
PLATFORM_FORMED = date(2014, 6, 14)  # the date in its name

# (coalition, member, valid_from, valid_to, note, sources)
MEMBERSHIPS: list[dict] = [
    *(
        {
            "coalition": "cma",
            "member": member,
            "valid_from": CMA_FORMED,
            "note": "founding member",
            "sources": [*AGREEMENT, NOTES],
        }
        for member in ("mnla", "hcua", "maa-cma")
    ),
    *(
        {
            "coalition": "platform",
            "member": member,
            "valid_from": PLATFORM_FORMED,
            "note": "member since the coalition's founding date (as its name gives it)",
            "sources": AGREEMENT,
        }
        for member in ("gatia", "cmfpr", "maa-platform", "mpsa", "fpa")
    ),
    {
        "coalition": "platform",
        "member": "msa",
        "valid_from": date(2019, 1, 1),
        "note": "joined in 2019; only the year is known, so the start is set to 1 January",
        "sources": [NOTES],
    },
    {
        "coalition": "mediation-team",
        "member": "algeria",
        "valid_from": None,
        "note": "lead mediator (chef de file)",
        "sources": AGREEMENT,
    },
    *(
        {
            "coalition": "mediation-team",
            "member": member,
            "valid_from": None,
            "note": "member of the mediation",
            "sources": AGREEMENT,
        }
        for member in (
            "burkina-faso",
            "mauritania",
            "niger",
            "nigeria",
            "chad",
            "ecowas",
            "african-union",
            "united-nations",
            "european-union",
            "oic",
        )
    ),
]
