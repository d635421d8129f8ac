"""Exports: the lossless JSON backup and CSV files of transactions, holdings and realized gains."""

from enum import StrEnum


class ExportFormat(StrEnum):
    PMS_JSON = "pms-json"
    TRANSACTIONS_CSV = "transactions-csv"
    HOLDINGS_CSV = "holdings-csv"
    REALIZED_CSV = "realized-csv"
