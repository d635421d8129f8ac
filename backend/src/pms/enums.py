"""The closed vocabularies of the ledger, shared by the models, the API schemas and the services."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"
    USER = "user"


class CostBasisMethod(StrEnum):
    FIFO = "fifo"
    LIFO = "lifo"
    HIFO = "hifo"
    AVERAGE = "average"


class Theme(StrEnum):
    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"


class AccountKind(StrEnum):
    BROKERAGE = "brokerage"
    RETIREMENT = "retirement"
    CRYPTO = "crypto"
    CASH = "cash"
    OTHER = "other"


class AssetClass(StrEnum):
    EQUITY = "equity"
    ETF = "etf"
    FUND = "fund"
    BOND = "bond"
    CRYPTO = "crypto"
    COMMODITY = "commodity"
    CASH = "cash"
    REAL_ESTATE = "real_estate"
    OTHER = "other"


class DataSource(StrEnum):
    YAHOO = "yahoo"
    MANUAL = "manual"


class TransactionType(StrEnum):
    BUY = "BUY"
    SELL = "SELL"
    DIVIDEND = "DIVIDEND"
    INTEREST = "INTEREST"
    FEE = "FEE"
    TAX = "TAX"
    DEPOSIT = "DEPOSIT"
    WITHDRAWAL = "WITHDRAWAL"
    TRANSFER_IN = "TRANSFER_IN"
    TRANSFER_OUT = "TRANSFER_OUT"


#: Types that move units of an instrument (they need an instrument, a quantity and a price).
POSITION_TYPES = frozenset(
    {
        TransactionType.BUY,
        TransactionType.SELL,
        TransactionType.TRANSFER_IN,
        TransactionType.TRANSFER_OUT,
    }
)
#: Types that reduce a position (refused when more is taken than is held).
DISPOSAL_TYPES = frozenset({TransactionType.SELL, TransactionType.TRANSFER_OUT})
#: Types that move only money (they need an amount).
CASH_TYPES = frozenset(
    {
        TransactionType.DIVIDEND,
        TransactionType.INTEREST,
        TransactionType.FEE,
        TransactionType.TAX,
        TransactionType.DEPOSIT,
        TransactionType.WITHDRAWAL,
    }
)
