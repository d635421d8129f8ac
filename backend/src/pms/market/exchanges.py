"""Facts about Yahoo's vocabulary: the quote currency of its exchange codes and what its quote
types are in our asset classes. Symbol search answers without currencies; these fill them in
without asking the provider once per candidate."""

from __future__ import annotations

from pms.enums import AssetClass

#: Yahoo exchange code → the currency prices on it are quoted in (minor units where Yahoo uses them).
EXCHANGE_CURRENCIES: dict[str, str] = {
    # United States
    **dict.fromkeys(
        ("NMS", "NGM", "NCM", "NAS", "NYQ", "NYS", "ASE", "PCX", "BTS", "PNK", "OQB", "OQX", "OPR"),
        "USD",
    ),
    # London (pence)
    "LSE": "GBp",
    # Euro area
    **dict.fromkeys(
        (
            "GER",
            "FRA",
            "STU",
            "DUS",
            "MUN",
            "BER",
            "HAM",
            "HAN",
            "EUX",
            "AMS",
            "PAR",
            "BRU",
            "LIS",
            "MIL",
            "MCE",
            "VIE",
            "HEL",
            "ISE",
            "TAL",
            "RIS",
            "LIT",
            "ATH",
        ),
        "EUR",
    ),
    "EBS": "CHF",
    "CPH": "DKK",
    "STO": "SEK",
    "OSL": "NOK",
    "ICE": "ISK",
    "WSE": "PLN",
    "PRA": "CZK",
    "BUD": "HUF",
    "TOR": "CAD",
    "VAN": "CAD",
    "CNQ": "CAD",
    "NEO": "CAD",
    "ASX": "AUD",
    "NZE": "NZD",
    "JPX": "JPY",
    "TYO": "JPY",
    "OSA": "JPY",
    "HKG": "HKD",
    "SHH": "CNY",
    "SHZ": "CNY",
    "KSC": "KRW",
    "KOE": "KRW",
    "TAI": "TWD",
    "TWO": "TWD",
    "BSE": "INR",
    "NSI": "INR",
    "SAO": "BRL",
    "MEX": "MXN",
    "JNB": "ZAc",
    "TLV": "ILA",
    "SES": "SGD",
    "JKT": "IDR",
    "KLS": "MYR",
    "SET": "THB",
    "IST": "TRY",
    "SAU": "SAR",
}

#: Yahoo `quoteType` → asset class.
QUOTE_TYPES: dict[str, AssetClass] = {
    "EQUITY": AssetClass.EQUITY,
    "ETF": AssetClass.ETF,
    "MUTUALFUND": AssetClass.FUND,
    "MONEYMARKET": AssetClass.FUND,
    "CRYPTOCURRENCY": AssetClass.CRYPTO,
    "CURRENCY": AssetClass.CASH,
    "FUTURE": AssetClass.COMMODITY,
    "INDEX": AssetClass.OTHER,
    "OPTION": AssetClass.OTHER,
}


def asset_class_of(quote_type: str | None) -> AssetClass:
    return QUOTE_TYPES.get((quote_type or "").upper(), AssetClass.OTHER)


def quote_currency_of(symbol: str, exchange: str | None) -> str | None:
    """The currency Yahoo quotes `symbol` in, when its form or exchange says so; None when unsure.

    `BTC-USD` (crypto) is quoted in USD and `EURUSD=X` (a currency pair) in USD: the currency is in
    the symbol. Otherwise the exchange decides."""
    upper = symbol.upper()
    if upper.endswith("=X") and len(upper) == 8:
        return upper[3:6]
    if exchange in ("CCC", "CCY") and "-" in upper:
        return upper.rsplit("-", 1)[1][:3] or None
    return EXCHANGE_CURRENCIES.get(exchange or "")


#: Yahoo symbol suffix → the (major) currency its listings trade in.
SUFFIX_CURRENCIES: dict[str, str] = {
    **dict.fromkeys(
        (".DE", ".F", ".BE", ".DU", ".HM", ".HA", ".MU", ".SG", ".AS", ".PA", ".BR", ".LS"),
        "EUR",
    ),
    **dict.fromkeys((".MI", ".MC", ".VI", ".HE", ".IR", ".AT", ".TL", ".RG", ".VS"), "EUR"),
    ".L": "GBP",
    ".IL": "USD",
    ".SW": "CHF",
    ".CO": "DKK",
    ".ST": "SEK",
    ".OL": "NOK",
    ".IC": "ISK",
    ".WA": "PLN",
    ".PR": "CZK",
    ".BD": "HUF",
    ".IS": "TRY",
    ".TO": "CAD",
    ".V": "CAD",
    ".NE": "CAD",
    ".AX": "AUD",
    ".NZ": "NZD",
    ".T": "JPY",
    ".HK": "HKD",
    ".SS": "CNY",
    ".SZ": "CNY",
    ".KS": "KRW",
    ".KQ": "KRW",
    ".TW": "TWD",
    ".TWO": "TWD",
    ".NS": "INR",
    ".BO": "INR",
    ".SA": "BRL",
    ".MX": "MXN",
    ".JO": "ZAR",
    ".TA": "ILS",
    ".SI": "SGD",
    ".JK": "IDR",
    ".KL": "MYR",
    ".BK": "THB",
    ".SR": "SAR",
}


def currency_from_symbol(symbol: str) -> str | None:
    """The currency a Yahoo symbol's form implies, for adding it while the provider is unreachable:
    `BTC-USD` → USD, `EURUSD=X` → USD, `SHEL.L` → GBP, a bare US ticker → USD; None when unsure."""
    upper = symbol.upper()
    if upper.endswith("=X"):
        return upper[3:6] if len(upper) == 8 else None
    if upper.endswith("=F") or upper.startswith("^"):
        return None
    if "." in upper:
        return SUFFIX_CURRENCIES.get(upper[upper.rindex(".") :])
    if "-" in upper:
        quote = upper.rsplit("-", 1)[1]
        return quote if len(quote) == 3 and quote.isalpha() else None
    return "USD" if upper.isalnum() else None
