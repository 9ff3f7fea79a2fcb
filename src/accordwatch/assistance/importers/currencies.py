"""ISO 4217 currency codes, as the IATI and FTS readers accept them.

The active codes plus the few withdrawn ones that old aid records still carry (French
francs, Deutsche Mark …, from before the euro). Funds codes (XDR, XAU …) are included
because IATI's own Currency codelist lists XDR.
"""

from __future__ import annotations

ACTIVE = frozenset(
    """
    AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL
    BSD BTN BWP BYN BZD CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUC CUP CVE CZK DJF
    DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF
    IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR
    LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO
    NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK
    SGD SHP SLE SLL SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH
    UGX USD USN UYI UYU UYW UZS VED VES VND VUV WST XAF XAG XAU XBA XBB XBC XBD XCD XCG
    XDR XOF XPD XPF XPT XSU XUA YER ZAR ZMW ZWG ZWL
    """.split()  # noqa: SIM905 - a block of codes reads better than a quoted list
)

# Withdrawn codes still found in older IATI and FTS records.
HISTORIC = frozenset(
    """
    ATS BEF DEM ESP FIM FRF GRD IEP ITL LUF NLG PTE MRO STD VEF ZMK BYR LTL LVL EEK SKK
    CYP MTL SIT HRK
    """.split()  # noqa: SIM905 - a block of codes reads better than a quoted list
)

KNOWN = ACTIVE | HISTORIC


def is_currency(code: str) -> bool:
    return code in KNOWN
