"""Every source the demo cites, one record each.

Rules kept here:
- a date only where the fact sheet gives one for the item itself;
- a URL only where the fact sheet gives it, or for a UN document on its official host
  (undocs.org); otherwise left blank rather than guessed;
- press items whose headline the fact sheet does not record get a title that describes
  them, and say so in their note.
"""

from __future__ import annotations

from datetime import date

UN = "United Nations Security Council"
NO_HEADLINE = "Headline not recorded in our fact sheet; the title describes the item."


def _un_report(symbol: str, covers: str) -> dict:
    return {
        "key": "un-" + symbol.lower().replace("/", "-"),
        "title": f"Report of the Secretary-General on the situation in Mali ({symbol})",
        "publisher": UN,
        "published_on": None,
        "url": f"https://undocs.org/{symbol}",
        "kind": "un_document",
        "note": f"Cited for: {covers}.",
    }


SOURCES: list[dict] = [
    # --- UN documents -------------------------------------------------------------------
    {
        "key": "un-s-2015-364",
        "title": (
            "Agreement for Peace and Reconciliation in Mali resulting from the Algiers "
            "process: official text (S/2015/364 and Add.1)"
        ),
        "publisher": UN,
        "published_on": None,
        "url": "https://undocs.org/S/2015/364",
        "kind": "un_document",
        "note": "The authoritative text of the 2015 agreement, circulated as a UN document.",
    },
    _un_report("S/2017/271", "the Gao camp attack toll and interim authorities in 3 of 5 regions"),
    _un_report("S/2017/478", "the Conference of National Understanding (March–April 2017)"),
    _un_report("S/2017/811", "the end of the interim period and resolution 2374"),
    _un_report("S/2018/58", "the signature dates of 2015 and the priority timetable"),
    _un_report("S/2018/541", "the new MOC units of May 2018 in Kidal and Timbuktu"),
    _un_report("S/2018/866", "the implementation roadmap of 22 March 2018"),
    _un_report("S/2018/1174", "interim authorities still not functioning at the end of 2018"),
    {
        "key": "un-s-res-2359-2017",
        "title": "Security Council resolution 2359 (2017)",
        "publisher": UN,
        "published_on": date(2017, 6, 21),
        "url": "https://undocs.org/S/RES/2359(2017)",
        "kind": "un_document",
        "note": "Welcomes the G5 Sahel Joint Force.",
    },
    {
        "key": "un-s-res-2374-2017",
        "title": "Security Council resolution 2374 (2017)",
        "publisher": UN,
        "published_on": date(2017, 9, 5),
        "url": "https://undocs.org/S/RES/2374(2017)",
        "kind": "un_document",
        "note": "Creates the targeted sanctions regime on Mali.",
    },
    # --- Peace Accords database ---------------------------------------------------------
    {
        "key": "pa-x-1365",
        "title": "PA-X entry 1365: Agreement for Peace and Reconciliation in Mali (2015)",
        "publisher": "PA-X Peace Agreements Database, University of Edinburgh",
        "published_on": None,
        "url": "",
        "kind": "database",
        "note": "Used for the agreement's parties and single article numbers.",
    },
    {
        "key": "pa-x-1366",
        "title": "PA-X entry 1366: relevé de conclusions of 5 June 2015",
        "publisher": "PA-X Peace Agreements Database, University of Edinburgh",
        "published_on": None,
        "url": "",
        "kind": "database",
        "note": "The understanding that opened the way to the CMA's signature.",
    },
    {
        "key": "pa-x-816",
        "title": "PA-X entry 816: ceasefire agreement of 23 May 2014 (Kidal)",
        "publisher": "PA-X Peace Agreements Database, University of Edinburgh",
        "published_on": None,
        "url": "",
        "kind": "database",
        "note": "",
    },
    # --- The communiqué -----------------------------------------------------------------
    {
        "key": "oic-press-release-cg-mali-2017-09-20",
        "title": (
            "Press release: communiqué of the OIC Contact Group on Mali "
            "(New York ministerial, 20 September 2017)"
        ),
        "publisher": "Permanent Observer Mission of the OIC to the United Nations (oicun.org)",
        "published_on": None,
        "url": "http://oicun.org/9/20171011023225757.html",
        "kind": "communique",
        "note": "The fourteen decisions of the meeting. Posting date not recorded.",
    },
    # --- Independent Observer -----------------------------------------------------------
    {
        "key": "carter-center-2018-05-28",
        "title": "Independent Observer report on the Mali agreement (28 May 2018)",
        "publisher": "The Carter Center (Independent Observer)",
        "published_on": date(2018, 5, 28),
        "url": "",
        "kind": "report",
        "note": (
            "Finds the deadlines overrun and the Monitoring Committee failing to steer the "
            "work; welcomes the joint patrols' arrival in Kidal as progress."
        ),
    },
    {
        "key": "carter-center-2018-10-26",
        "title": "Independent Observer report on the Mali agreement (26 October 2018)",
        "publisher": "The Carter Center (Independent Observer)",
        "published_on": date(2018, 10, 26),
        "url": "",
        "kind": "report",
        "note": (
            "Finds modest progress, mostly on DDR; interim authorities and the MOC not yet "
            "working fully."
        ),
    },
    {
        "key": "bamada-observer-annual-2018",
        "title": "Coverage of the Independent Observer's 2018 annual report",
        "publisher": "bamada.net",
        "published_on": None,
        "url": "",
        "kind": "press",
        "note": NO_HEADLINE + " Reports the tally of 78 tracked commitments by status.",
    },
    {
        "key": "maliactu-observer-annual-2018",
        "title": "Coverage of the Independent Observer's 2018 annual report",
        "publisher": "maliactu.net",
        "published_on": None,
        "url": "",
        "kind": "press",
        "note": NO_HEADLINE + " Reports the tally of 78 tracked commitments by status.",
    },
    # --- Press and official statements, in the order of the events they report ----------
    {
        "key": "abamako-paris-conference-2015",
        "title": "Coverage of the Paris conference for Mali's development (22 October 2015)",
        "publisher": "abamako.com",
        "published_on": None,
        "url": "",
        "kind": "press",
        "note": NO_HEADLINE,
    },
    {
        "key": "dunevoices-cantonment-2015",
        "title": "Coverage of the first cantonment sites (December 2015)",
        "publisher": "Dune Voices",
        "published_on": None,
        "url": "",
        "kind": "press",
        "note": NO_HEADLINE,
    },
    {
        "key": "abamako-ddr-decrees-2015",
        "title": "Coverage of the decrees creating the DDR and Integration commissions",
        "publisher": "abamako.com",
        "published_on": None,
        "url": "",
        "kind": "press",
        "note": NO_HEADLINE + " Event date: 29 December 2015.",
    },
    {
        "key": "abamako-interim-authorities-law-2016",
        "title": "Coverage of the law opening the way to interim authorities (31 March 2016)",
        "publisher": "abamako.com",
        "published_on": None,
        "url": "",
        "kind": "press",
        "note": NO_HEADLINE,
    },
    {
        "key": "maliweb-csa-entente-2016",
        "title": "Coverage of the Monitoring Committee's 'Entente' of 13–14 June 2016",
        "publisher": "maliweb.net",
        "published_on": None,
        "url": "",
        "kind": "press",
        "note": NO_HEADLINE,
    },
    {
        "key": "afp-gao-attack-2017",
        "title": "Report on the suicide attack on the MOC camp in Gao (18 January 2017)",
        "publisher": "Agence France-Presse (AFP)",
        "published_on": None,
        "url": "",
        "kind": "press",
        "note": NO_HEADLINE + " Gives a toll of about 80 dead.",
    },
    {
        "key": "france24-interim-authorities-2017",
        "title": "Coverage of the installation of interim authorities in the north (2017)",
        "publisher": "France 24",
        "published_on": None,
        "url": "",
        "kind": "press",
        "note": NO_HEADLINE,
    },
    {
        "key": "diplomatie-interim-authorities-2017",
        "title": "French foreign ministry statement on the interim authorities in Mali (2017)",
        "publisher": "French Ministry for Europe and Foreign Affairs (diplomatie.gouv.fr)",
        "published_on": None,
        "url": "",
        "kind": "official",
        "note": NO_HEADLINE,
    },
    {
        "key": "rfi-national-understanding-2017",
        "title": "Coverage of the Conference of National Understanding (March–April 2017)",
        "publisher": "RFI",
        "published_on": None,
        "url": "",
        "kind": "press",
        "note": NO_HEADLINE + " Reports the CMA's rejection of the conclusion on 'Azawad'.",
    },
    {
        "key": "studio-tamani-charter-2017",
        "title": "Coverage of the handover of the Charter for Peace (20 June 2017)",
        "publisher": "Studio Tamani",
        "published_on": None,
        "url": "",
        "kind": "press",
        "note": NO_HEADLINE,
    },
    {
        "key": "jeuneafrique-referendum-2017",
        "title": "Coverage of the 2017 constitutional referendum and its postponement",
        "publisher": "Jeune Afrique",
        "published_on": None,
        "url": "",
        "kind": "press",
        "note": NO_HEADLINE,
    },
    {
        "key": "maliweb-referendum-2017",
        "title": "Coverage of the suspension of the constitutional referendum (18 August 2017)",
        "publisher": "maliweb.net",
        "published_on": None,
        "url": "",
        "kind": "press",
        "note": NO_HEADLINE,
    },
    {
        "key": "acled-mali",
        "title": "ACLED event data for Mali",
        "publisher": "Armed Conflict Location & Event Data Project (ACLED)",
        "published_on": None,
        "url": "https://acleddata.com",
        "kind": "dataset",
        "note": "Cited for the July 2017 clashes around Kidal. No ACLED rows are copied here.",
    },
    {
        "key": "maliactu-development-strategy-2017",
        "title": "Coverage of the validation of the northern development strategy (July 2017)",
        "publisher": "maliactu.net",
        "published_on": None,
        "url": "",
        "kind": "press",
        "note": NO_HEADLINE + " Event dates: 17–19 July 2017.",
    },
    {
        "key": "maliweb-local-government-code-2017",
        "title": "Coverage of the new local-government code (Law 2017-051)",
        "publisher": "maliweb.net",
        "published_on": None,
        "url": "",
        "kind": "press",
        "note": NO_HEADLINE + " Promulgation: 2 October 2017.",
    },
    {
        "key": "essor-local-government-code-2017",
        "title": "Coverage of the new local-government code (Law 2017-051)",
        "publisher": "L'Essor",
        "published_on": None,
        "url": "",
        "kind": "press",
        "note": NO_HEADLINE + " Promulgation: 2 October 2017.",
    },
    {
        "key": "rfi-joint-force-pledges-2017",
        "title": "Coverage of the Paris meeting on the G5 Sahel Joint Force (13 December 2017)",
        "publisher": "RFI (rfi.fr)",
        "published_on": None,
        "url": "",
        "kind": "press",
        "note": NO_HEADLINE + " Reports the Saudi and Emirati pledges.",
    },
    {
        "key": "maliactu-commission-of-inquiry-2018",
        "title": "Coverage of the setting up of the International Commission of Inquiry",
        "publisher": "maliactu.net",
        "published_on": None,
        "url": "",
        "kind": "press",
        "note": NO_HEADLINE + " Event dates: 19–23 January 2018.",
    },
    {
        "key": "maliactu-development-fund-2018",
        "title": "Coverage of Law 2018-008 creating the Sustainable Development Fund",
        "publisher": "maliactu.net",
        "published_on": None,
        "url": "",
        "kind": "press",
        "note": NO_HEADLINE + " Law of 12 February 2018.",
    },
    {
        "key": "europa-statement-18-1166",
        "title": "Statement on the Brussels high-level conference on the Sahel (STATEMENT/18/1166)",
        "publisher": "European Commission (europa.eu)",
        "published_on": None,
        "url": "",
        "kind": "official",
        "note": "Conference of 23 February 2018.",
    },
    {
        "key": "rfi-pact-for-peace-2018",
        "title": "Coverage of the Pact for Peace signed by Mali and the UN (15 October 2018)",
        "publisher": "RFI",
        "published_on": None,
        "url": "",
        "kind": "press",
        "note": NO_HEADLINE,
    },
    {
        "key": "pressafrik-ddr-2018",
        "title": "Coverage of the accelerated DDR and integration process (November 2018)",
        "publisher": "pressafrik.com",
        "published_on": None,
        "url": "",
        "kind": "press",
        "note": NO_HEADLINE,
    },
    {
        "key": "dw-agreement-ended-2024",
        "title": "Coverage of the end of the 2015 agreement (25 January 2024)",
        "publisher": "Deutsche Welle (dw.com)",
        "published_on": None,
        "url": "",
        "kind": "press",
        "note": NO_HEADLINE + " Outside the demo period; recorded so the agreement shows its end.",
    },
    {
        "key": "reliefweb-isdb-2013",
        "title": "Report of the IsDB announcement at the Brussels conference for Mali (May 2013)",
        "publisher": "ReliefWeb",
        "published_on": None,
        "url": "",
        "kind": "report",
        "note": NO_HEADLINE,
    },
    # --- Displacement figures -----------------------------------------------------------
    {
        "key": "ocha-displacement-2016-08",
        "title": "Displacement figures for Mali at 31 August 2016 (OCHA, reported by abamako.com)",
        "publisher": "abamako.com, citing OCHA",
        "published_on": None,
        "url": "",
        "kind": "press",
        "note": NO_HEADLINE,
    },
    {
        "key": "iom-dtm-displacement-2017",
        "title": "IOM Displacement Tracking Matrix figures for Mali, late 2017 (secondhand)",
        "publisher": "IOM Displacement Tracking Matrix",
        "published_on": None,
        "url": "",
        "kind": "dataset",
        "note": "Known to us through a secondary citation only.",
    },
    {
        "key": "cmp-displacement-2018-09",
        "title": "Population-movement figures at 30 September 2018 (CMP, reported by bamada.net)",
        "publisher": "bamada.net, citing the CMP report",
        "published_on": None,
        "url": "",
        "kind": "press",
        "note": NO_HEADLINE,
    },
    # --- Reference data -----------------------------------------------------------------
    {
        "key": "geoboundaries-mli-adm1",
        "title": "geoBoundaries gbOpen: Mali, first-level administrative units (ADM1)",
        "publisher": "geoBoundaries",
        "published_on": None,
        "url": "",
        "kind": "dataset",
        "note": "CC BY 4.0. The nine pre-2016 regions.",
    },
    {
        "key": "accordwatch-mali-2017-notes",
        "title": "accordwatch research notes: Mali 2017 fact sheet",
        "publisher": "accordwatch project",
        "published_on": None,
        "url": "",
        "kind": "other",
        "note": (
            "Our own compiled notes. Cited only for facts the notes give without naming "
            "the original source (for example some Monitoring Committee session dates); "
            "check those against the UN Secretary-General's reports before relying on them."
        ),
    },
]
