"""Responses of the portfolio endpoints, with the field names of ARCHITECTURE §4.

Money and quantities are exact decimals sent as JSON strings, not rounded to cents: they carry the
ledger's scale (at most 10 places, trailing zeros dropped down to two for money) so that the parts
of a response add up to its totals exactly; rounding for display is the client's. Returns, ratios
and the daily series are JSON numbers; `null` where a figure does not exist (see each field).
"""

from __future__ import annotations

from datetime import date
from decimal import Context, Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer

from pms.api.schemas.market import StaleInstrumentPublic
from pms.decimal_text import format_decimal

_SCALE = Decimal("1E-10")
_WIDE = Context(prec=60)


def _exact(value: Decimal, min_places: int) -> str:
    """At most 10 places (a crossed rate or a split-restated price can have more)."""
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -10:
        value = value.quantize(_SCALE, context=_WIDE)
    return format_decimal(value, min_places)


#: Money (and prices): a decimal string with at least two places ("1803.92", "4383.7409523809").
Amount = Annotated[
    Decimal, PlainSerializer(lambda v: _exact(v, 2), return_type=str, when_used="json")
]
#: Quantities and exchange rates: a decimal string without forced places ("146", "1.2271").
Exact = Annotated[
    Decimal, PlainSerializer(lambda v: _exact(v, 0), return_type=str, when_used="json")
]


class _FromAttributes(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class ReportWarning(BaseModel):
    """Something that qualifies a report's figures: what, and where it applies."""

    code: str = Field(
        description="`rate_missing`: no rate connects a currency to the reporting one; what is "
        "held in it is left out of the figures and `amount` (in `currency`) says how much. "
        "`rate_carried_forward`: a rate more than 5 business days older than what it converts "
        "was used; `rate_carried_back`: a currency's first rate stood in for an earlier day. "
        "`valued_at_trade_price`: no close yet, the last trade price counts; `price_missing`: "
        "neither, it counts at zero; `price_stale`: the last close is older than expected. "
        "`return_days_skipped` (performance): days whose return could not be measured (their "
        "start was zero or below) and count as 0 %"
    )
    message: str
    instrument_id: int | None = None
    account_id: int | None = None
    pair: str | None = Field(None, description="A currency pair, `USD/EUR`")
    since: date | None = Field(None, description="The first day it applies to")
    days: int | None = Field(None, description="How many days it applies to")
    amount: Amount | None = Field(
        None, description="`rate_missing`: what is left out, in `currency`, at the report's day"
    )
    currency: str | None = Field(None, description="The currency of `amount`")


_WARNINGS = "What qualifies these figures, each once (empty when nothing does)"


class SummaryPublic(_FromAttributes):
    """The portfolio at the close of `as_of`, in `currency`."""

    as_of: date
    currency: str
    market_value: Amount = Field(description="V(as_of): positions and cash")
    cost_basis: Amount = Field(description="Cost of the open positions")
    cash: Amount = Field(description="Tracked cash, part of market_value")
    unrealized_gain: Amount = Field(description="market value − cost of the positions")
    realized_gain: Amount
    income: Amount = Field(description="Dividends and interest, net of withholding tax")
    fees: Amount
    taxes: Amount
    net_invested: Amount = Field(description="External inflows − outflows (ARCHITECTURE §5)")
    twr: float = Field(description="Time-weighted return since inception (a fraction)")
    mwr: float | None = Field(description="Money-weighted return (XIRR), null without a root")
    day_change: Amount
    day_change_date: date | None = Field(
        description="The close the day change ends on (the latest close of the positions that "
        "have one before it); older than as_of's last business day when prices are stale"
    )
    stale: list[StaleInstrumentPublic] = Field(
        description="Held instruments whose last close is older than expected, and why"
    )
    warnings: list[ReportWarning] = Field(description=_WARNINGS)


class HoldingPublic(_FromAttributes):
    """One open position (`account_id` set) or one instrument over the accounts (null)."""

    account_id: int | None
    instrument_id: int
    symbol: str
    name: str = Field(description="The instrument's name")
    quantity: Exact
    average_cost: Amount = Field(description="Per unit, in the instrument's currency")
    cost_basis: Amount
    price: Amount | None = Field(description="In the instrument's currency")
    price_date: date | None
    market_value: Amount
    unrealized_gain: Amount
    unrealized_gain_pct: float | None = Field(description="unrealized_gain ÷ cost_basis")
    weight: float | None = Field(
        description="market_value ÷ the portfolio's value (its gross value when some cash is "
        "below zero)"
    )
    day_change: Amount | None
    currency: str = Field(description="The instrument's currency")
    fx_rate: Exact = Field(description="One unit of `currency` in the reporting currency")


class CashHoldingPublic(_FromAttributes):
    """Tracked cash of one account in one currency (`account_id` null: over the accounts)."""

    account_id: int | None
    currency: str = Field(description="The cash's currency")
    balance: Amount = Field(description="In `currency`; below zero for margin or missing deposits")
    market_value: Amount = Field(description="In the reporting currency")
    weight: float | None = Field(
        description="market_value ÷ the portfolio's value (null for cash below zero)"
    )
    fx_rate: Exact = Field(description="One unit of `currency` in the reporting currency")


class HoldingList(BaseModel):
    as_of: date
    currency: str
    items: list[HoldingPublic]
    total: int
    cash: list[CashHoldingPublic] = Field(
        description="The tracked cash beside the positions: the weights of `items` and `cash` add "
        "up to 1. When some cash is below zero, weights are shares of the gross value (positions "
        "and the cash above zero) and the negative cash has none."
    )
    warnings: list[ReportWarning] = Field(description=_WARNINGS)


class WashSalePurchasePublic(BaseModel):
    transaction_id: int
    account_id: int
    date: date
    quantity: Exact


class LotPublic(_FromAttributes):
    """One open lot: what is left of one acquisition in one account."""

    account_id: int
    instrument_id: int
    symbol: str
    acquired: date = Field(description="The day it was bought or first came in")
    days_held: int = Field(description="Days from `acquired` to `as_of`")
    quantity: Exact = Field(description="Units left, restated for later splits")
    unit_cost: Amount = Field(description="Cost per unit, in the instrument's currency")
    cost_basis: Amount = Field(description="Cost at the rate of the acquisition day")
    price: Amount | None = Field(description="In the instrument's currency")
    market_value: Amount
    unrealized_gain: Amount
    unrealized_gain_pct: float | None = Field(description="unrealized_gain ÷ cost_basis")
    currency: str = Field(description="The instrument's currency")
    fx_rate: Exact = Field(description="One unit of `currency` in the reporting currency")
    lot_id: int = Field(
        description="The lot's id: the transaction that acquired it, the same through transfers "
        "and partial sales"
    )
    term: Literal["short", "long"] | None = Field(
        default=None,
        description="What selling it at as_of would realize, against your long_term_days",
    )
    wash_sale_purchases: list[WashSalePurchasePublic] | None = Field(
        default=None,
        description="With wash_sale=true, for a lot at a loss: purchases of its instrument within "
        "30 days of as_of that would disallow the loss",
    )


class LotList(BaseModel):
    as_of: date
    currency: str
    method: str = Field(description="The cost-basis method the lots were taken by")
    items: list[LotPublic]
    total: int
    warnings: list[ReportWarning] = Field(description=_WARNINGS)


class SeriesPointPublic(BaseModel):
    date: date
    value: float
    net_invested: float
    twr_index: float = Field(description="1 at the start of the period")
    drawdown: float = Field(description="twr_index ÷ its running maximum − 1")


class BenchmarkPointPublic(BaseModel):
    date: date
    value: float | None = Field(description="Rebased to 1 on its first close in the period")


class BenchmarkPublic(BaseModel):
    instrument_id: int
    symbol: str
    series: list[BenchmarkPointPublic]


class PerformancePublic(BaseModel):
    """Returns and risk over the period (start, end] (ARCHITECTURE §5)."""

    start: date = Field(description="F: the period starts at its close")
    end: date = Field(description="T")
    currency: str
    twr: float
    twr_annualized: float | None = Field(description="null for periods shorter than a year")
    mwr: float | None = Field(description="XIRR; null when it has no root")
    absolute_gain: float
    volatility: float | None
    sharpe: float | None
    sortino: float | None
    max_drawdown: float
    max_drawdown_peak: date | None
    max_drawdown_trough: date | None
    beta: float | None = Field(description="Against `benchmark`; null without one")
    series: list[SeriesPointPublic]
    benchmark: BenchmarkPublic | None
    warnings: list[ReportWarning] = Field(description=_WARNINGS)


class ExplainRowPublic(BaseModel):
    """One holding's part of the bridge (`instrument_id` null: the cash of the selection)."""

    instrument_id: int | None
    label: str = Field(description="The instrument's symbol, or 'Cash'")
    start_value: Amount
    end_value: Amount
    net_flows: Amount = Field(
        description="Into the holding (buys with their fees and taxes, transfers in) less out of "
        "it (sales net, transfers out, payments net); the cash row takes the rest of the flows"
    )
    income: Amount
    fees: Amount
    taxes: Amount
    price_effect: Amount
    currency_effect: Amount
    absolute_gain: Amount


class ExplainPublic(BaseModel):
    """Where the period's gain comes from (docs/analytics.md, "The value bridge"):
    end_value − start_value = net_flows + price_effect + currency_effect + income − fees − taxes,
    exactly."""

    start: date = Field(description="F: the period starts at its close")
    end: date = Field(description="T")
    currency: str
    instrument_id: int | None = Field(description="The one holding explained, when asked for")
    start_value: Amount = Field(description="V(F)")
    end_value: Amount = Field(description="V(T)")
    inflows: Amount = Field(description="External flows in (≥ 0), as the TWR counts them")
    outflows: Amount = Field(description="External flows out (≥ 0)")
    net_flows: Amount = Field(description="inflows − outflows")
    income: Amount = Field(
        description="Dividends and interest paid in the period, gross (the summary's income is "
        "net of withholding)"
    )
    fees: Amount = Field(description="Every fee of the period's transactions")
    taxes: Amount = Field(
        description="Every tax of the period's transactions, withholding included"
    )
    price_effect: Amount = Field(
        description="What prices did to what was held, day by day, plus each trade's price "
        "against its day's close"
    )
    currency_effect: Amount = Field(
        description="What exchange rates did to the positions and foreign cash held, day by day"
    )
    absolute_gain: Amount = Field(description="end_value − start_value − net_flows")
    twr: float
    mwr: float | None = Field(description="XIRR; null when it has no root")
    by_instrument: list[ExplainRowPublic] | None = Field(
        description="With `detail=instrument`: the same parts per holding and a cash row, adding "
        "up to the totals"
    )
    warnings: list[ReportWarning] = Field(description=_WARNINGS)


class PositionPublic(BaseModel):
    """A position ever held (an instrument across the selected accounts) and its lifetime result."""

    instrument_id: int
    symbol: str
    status: Literal["open", "closed"]
    quantity: Exact
    first_trade: date
    last_trade: date
    bought: Amount = Field(description="What its buys cost, with their fees and taxes")
    sold: Amount = Field(description="What its sales brought in, net of fees and taxes")
    income: Amount = Field(description="Dividends net of withholding")
    fees: Amount
    taxes: Amount = Field(description="Taxes of its trades and withholding on its dividends")
    realized_gain: Amount
    cost_basis: Amount = Field(description="Of what is still held")
    market_value: Amount
    unrealized_gain: Amount
    twr: float = Field(description="Time-weighted return since its first trade")
    mwr: float | None = Field(description="XIRR since its first trade; null when it has no root")


class PositionList(BaseModel):
    as_of: date
    currency: str
    status: Literal["open", "closed", "all"]
    items: list[PositionPublic]
    total: int
    warnings: list[ReportWarning] = Field(description=_WARNINGS)


class TaxGainTotalsPublic(BaseModel):
    proceeds: Amount
    cost: Amount
    gain: Amount


class TaxTermTotalsPublic(TaxGainTotalsPublic):
    term: Literal["short", "long"] | None


class TaxAccountTotalsPublic(TaxGainTotalsPublic):
    account_id: int
    account: str
    short_gain: Amount
    long_gain: Amount


class TaxRealizedPublic(BaseModel):
    """One lot part sold in the period."""

    instrument_id: int
    symbol: str
    isin: str | None
    name: str
    account_id: int
    account: str
    lot_id: int | None
    acquired: date
    sold: date
    quantity: Exact
    proceeds: Amount = Field(description="Net of fees and taxes, at the sale day's rate")
    cost: Amount = Field(description="At the rate of the acquisition day")
    gain: Amount
    holding_days: int
    term: Literal["short", "long"] | None


class TaxIncomeTotalsPublic(BaseModel):
    gross: Amount
    withholding: Amount
    net: Amount


class TaxIncomePublic(TaxIncomeTotalsPublic):
    """The period's dividends of one instrument (null: interest and payments without one)."""

    instrument_id: int | None
    symbol: str | None
    name: str | None
    country: str | None


class TaxCountryPublic(TaxIncomeTotalsPublic):
    country: str | None = Field(description="The instrument's country; null when unknown")


class TaxReportPublic(BaseModel):
    """What a tax return needs of the period, in the reporting currency at each day's rate."""

    start: date
    end: date = Field(description="The period's last day so far (today for the running year)")
    year: int | None = Field(description="The tax year, starting on the user's tax_year_start")
    currency: str
    long_term_days: int
    totals: TaxGainTotalsPublic
    by_term: list[TaxTermTotalsPublic]
    by_account: list[TaxAccountTotalsPublic]
    realized: list[TaxRealizedPublic]
    income: list[TaxIncomePublic]
    income_by_country: list[TaxCountryPublic]
    income_totals: TaxIncomeTotalsPublic
    fees: Amount
    taxes: Amount = Field(description="Every tax paid, withholding on income included")
    warnings: list[ReportWarning] = Field(description=_WARNINGS)


class AllocationSlicePublic(BaseModel):
    key: str | int | None = Field(
        description="The asset class, sector, country or currency; the account or instrument id; "
        "null for what has none (cash has no sector, country or instrument)"
    )
    label: str | None = Field(description="The account's name or the instrument's symbol")
    market_value: Amount
    weight: float | None


class AllocationList(BaseModel):
    as_of: date
    currency: str
    by: str
    items: list[AllocationSlicePublic]
    total: int
    warnings: list[ReportWarning] = Field(description=_WARNINGS)


class IncomeRowPublic(_FromAttributes):
    period: str = Field(description="`2024-03` by month, `2024` by year")
    gross: Amount
    withholding: Amount
    net: Amount


class IncomeList(BaseModel):
    currency: str
    group: str
    items: list[IncomeRowPublic]
    total: int
    warnings: list[ReportWarning] = Field(description=_WARNINGS)


class RealizedGainPublic(_FromAttributes):
    """One lot closed (one sale under the moving average)."""

    account_id: int
    instrument_id: int
    symbol: str
    acquired: date
    sold: date
    quantity: Exact
    proceeds: Amount = Field(description="Net of fees and taxes, at the sale day's rate")
    cost: Amount = Field(description="At the rates of the acquisition days")
    gain: Amount
    holding_days: int = Field(description="Days from acquisition to sale")
    term: Literal["short", "long"] | None = Field(
        description="`long` when held more than the user's `long_term_days`; null when that is 0"
    )
    lot_id: int | None = Field(description="The lot sold; null for a moving-average sale")
    transaction_id: int | None = Field(description="The sale")


class RealizedList(BaseModel):
    year: int | None
    currency: str
    items: list[RealizedGainPublic]
    total: int
    warnings: list[ReportWarning] = Field(description=_WARNINGS)
