"""The tax report as files: a CSV of every line (realized lot parts, then income) and a PDF with the
totals first, then the rows (fpdf2, its core fonts in Windows-1252, which has the euro sign)."""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Callable
from datetime import date
from decimal import Decimal

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from pms.services.portfolio.tax import GainTotals, IncomeTotals, TaxReport

Rows = list[tuple[str, ...]]
TERM_LABELS = {"short": "Short-term", "long": "Long-term", None: "No term"}
CSV_COLUMNS = (
    "section",
    "symbol",
    "isin",
    "name",
    "account",
    "acquired",
    "sold",
    "quantity",
    "proceeds",
    "cost",
    "gain",
    "holding_days",
    "term",
    "country",
    "gross",
    "withholding",
    "net",
    "currency",
)


def _cents(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01')):f}"


def tax_csv(report: TaxReport) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for line in report.realized:
        row = line.row
        writer.writerow(
            {
                "section": "realized",
                "symbol": row.symbol,
                "isin": line.isin or "",
                "name": line.name,
                "account": line.account,
                "acquired": row.acquired.isoformat(),
                "sold": row.sold.isoformat(),
                "quantity": f"{row.quantity.normalize():f}",
                "proceeds": _cents(row.proceeds),
                "cost": _cents(row.cost),
                "gain": _cents(row.gain),
                "holding_days": row.holding_days,
                "term": row.term or "",
                "currency": report.currency,
            }
        )
    for income in report.income:
        writer.writerow(
            {
                "section": "income",
                "symbol": income.symbol or "",
                "name": income.name or "Interest and other payments",
                "country": income.country or "",
                "gross": _cents(income.totals.gross),
                "withholding": _cents(income.totals.withholding),
                "net": _cents(income.totals.net),
                "currency": report.currency,
            }
        )
    return out.getvalue()


def _text(value: str) -> str:
    """What the PDF's core fonts can show: Windows-1252 as it is, other letters without their
    accents, anything else as '?'."""
    try:
        value.encode("cp1252")
        return value
    except UnicodeEncodeError:
        plain = unicodedata.normalize("NFKD", value)
        return "".join(c if _encodable(c) else "?" for c in plain if not unicodedata.combining(c))


def _encodable(char: str) -> bool:
    try:
        char.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


class _Pdf(FPDF):
    def __init__(self, title: str) -> None:
        super().__init__(orientation="landscape", format="A4")
        self.core_fonts_encoding = "windows-1252"
        self.report_title = title
        self.set_auto_page_break(auto=True, margin=14)
        self.set_margins(12, 12, 12)

    def footer(self) -> None:
        self.set_y(-10)
        self.set_font("Helvetica", size=7)
        self.set_text_color(120)
        self.cell(0, 5, f"{self.report_title} - page {self.page_no()}", align="R")


def tax_pdf(report: TaxReport, username: str, today: date) -> bytes:
    period = (
        f"tax year {report.year} ({report.start.isoformat()} to {report.end.isoformat()})"
        if report.year is not None
        else f"{report.start.isoformat()} to {report.end.isoformat()}"
    )
    pdf = _Pdf(f"Tax report, {period}")
    pdf.add_page()
    pdf.set_font("Helvetica", style="B", size=15)
    pdf.cell(0, 8, _text(f"Tax report, {period}"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("Helvetica", size=9)
    pdf.set_text_color(90)
    term_rule = (
        f"long-term when held more than {report.long_term_days} days"
        if report.long_term_days
        else "no short/long distinction"
    )
    pdf.cell(
        0,
        5,
        _text(
            f"{username} - amounts in {report.currency} at each day's rate - {term_rule} - "
            f"made {today.isoformat()}"
        ),
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    pdf.set_text_color(0)
    money = report.currency

    def amount(value: Decimal) -> str:
        return f"{value.quantize(Decimal('0.01')):,.2f} {money}"

    _heading(pdf, "Totals")
    rows: Rows = [("", "Proceeds", "Cost", "Gain")]
    for term, sums in report.by_term.items():
        rows.append(_gain_row(TERM_LABELS[term], sums, amount))
    rows.append(_gain_row("All realized gains", report.total, amount))
    _table(pdf, rows, (80, 50, 50, 50))
    income_rows: Rows = [("", "Gross", "Withholding", "Net")]
    income_rows.append(_income_row("Dividends and interest", report.income_total, amount))
    _table(pdf, income_rows, (80, 50, 50, 50))
    _table(
        pdf,
        [
            ("", "Amount"),
            ("Fees paid", amount(report.fees)),
            ("Taxes paid (withholding included)", amount(report.taxes)),
        ],
        (80, 50),
    )

    if report.by_account:
        _heading(pdf, "Realized gains per account")
        rows = [("Account", "Proceeds", "Cost", "Gain", "Short-term", "Long-term")]
        for label, sums, terms in report.by_account.values():
            rows.append(
                (
                    _text(label),
                    amount(sums.proceeds),
                    amount(sums.cost),
                    amount(sums.gain),
                    amount(terms.get("short", GainTotals()).gain),
                    amount(terms.get("long", GainTotals()).gain),
                )
            )
        _table(pdf, rows, (70, 40, 40, 40, 40, 40))

    if report.income_by_country:
        _heading(pdf, "Income per country of the instrument")
        rows = [("Country", "Gross", "Withholding", "Net")]
        for country, paid in report.income_by_country.items():
            rows.append(_income_row(_text(country or "Unknown"), paid, amount))
        _table(pdf, rows, (80, 50, 50, 50))

    _heading(pdf, "Realized lots")
    if report.realized:
        rows = [
            (
                "Instrument",
                "ISIN",
                "Account",
                "Acquired",
                "Sold",
                "Quantity",
                "Proceeds",
                "Cost",
                "Gain",
                "Days",
                "Term",
            )
        ]
        for line in report.realized:
            row = line.row
            rows.append(
                (
                    _text(f"{row.symbol} {line.name}".strip())[:34],
                    line.isin or "",
                    _text(line.account)[:22],
                    row.acquired.isoformat(),
                    row.sold.isoformat(),
                    f"{row.quantity.normalize():f}",
                    amount(row.proceeds),
                    amount(row.cost),
                    amount(row.gain),
                    str(row.holding_days),
                    TERM_LABELS[row.term].split("-")[0] if row.term else "",
                )
            )
        _table(pdf, rows, (52, 24, 32, 19, 19, 16, 30, 30, 30, 11, 10), size=7)
    else:
        _note(pdf, "No sale in this period.")

    _heading(pdf, "Income per instrument")
    if report.income:
        rows = [("Instrument", "Country", "Gross", "Withholding", "Net")]
        for income in report.income:
            label = (
                f"{income.symbol} {income.name or ''}".strip()
                if income.symbol
                else "Interest and other payments"
            )
            rows.append(
                (
                    _text(label)[:48],
                    _text(income.country or ""),
                    amount(income.totals.gross),
                    amount(income.totals.withholding),
                    amount(income.totals.net),
                )
            )
        _table(pdf, rows, (90, 40, 45, 45, 45))
    else:
        _note(pdf, "No income in this period.")
    return bytes(pdf.output())


def _gain_row(label: str, sums: GainTotals, amount: Callable[[Decimal], str]) -> tuple[str, ...]:
    return (label, amount(sums.proceeds), amount(sums.cost), amount(sums.gain))


def _income_row(
    label: str, sums: IncomeTotals, amount: Callable[[Decimal], str]
) -> tuple[str, ...]:
    return (label, amount(sums.gross), amount(sums.withholding), amount(sums.net))


def _heading(pdf: FPDF, text: str) -> None:
    pdf.ln(3)
    pdf.set_font("Helvetica", style="B", size=11)
    pdf.cell(0, 7, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _note(pdf: FPDF, text: str) -> None:
    pdf.set_font("Helvetica", size=9)
    pdf.cell(0, 6, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _table(pdf: FPDF, rows: Rows, widths: tuple[int, ...], *, size: int = 8) -> None:
    """Rows as a grid; the first is the header, numbers (all but the first column) right-aligned."""
    pdf.set_font("Helvetica", size=size)
    aligns = tuple("LEFT" if i == 0 else "RIGHT" for i in range(len(widths)))
    with pdf.table(
        col_widths=widths,
        width=sum(widths),
        align="LEFT",
        text_align=aligns,
        line_height=1.6 * size / 2.8,
        first_row_as_headings=True,
    ) as table:
        for values in rows:
            row = table.row()
            for value in values:
                row.cell(value)
    pdf.ln(2)
