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
