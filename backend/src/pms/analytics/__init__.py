"""Pure portfolio analytics (ARCHITECTURE §5): positions and lots, valuation, returns and risk.

No SQL, HTTP or settings: the services load a user's rows into a `PortfolioData`, build one
`Portfolio` per request (replayed to `as_of`, in the reporting currency, narrowed to accounts) and
ask it for a `summary`, `holdings`, `open_lots`, `performance`, `allocation`, `income` or
`realized_gains`.
"""

from pms.analytics.fx import MissingExchangeRate
from pms.analytics.holdings import (
    AllocationKey,
    HoldingsGroup,
    allocation,
    cash_holdings,
    holdings,
    open_lots,
)
from pms.analytics.income import IncomeGroup, income, realized_gains
from pms.analytics.ledger_state import InsufficientUnits, LedgerError
from pms.analytics.performance import performance, performance_for_range
from pms.analytics.periods import NamedRange, period_start
from pms.analytics.portfolio import Portfolio
from pms.analytics.records import (
    AccountRecord,
    DailySeries,
    FxRateRecord,
    InstrumentRecord,
    PortfolioData,
    PriceRecord,
    SplitRecord,
    TransactionRecord,
)
from pms.analytics.results import (
    AllocationSlice,
    BenchmarkSeries,
    CashHolding,
    Holding,
    IncomeRow,
    OpenLot,
    Performance,
    PerformanceSeries,
    RealizedGain,
    SeriesPoint,
    StalePrice,
    Summary,
)
from pms.analytics.returns import xirr
from pms.analytics.summary import summary

__all__ = [
    "AccountRecord",
    "AllocationKey",
    "AllocationSlice",
    "BenchmarkSeries",
    "CashHolding",
    "DailySeries",
    "FxRateRecord",
    "Holding",
    "HoldingsGroup",
    "IncomeGroup",
    "IncomeRow",
    "InstrumentRecord",
    "InsufficientUnits",
    "LedgerError",
    "MissingExchangeRate",
    "NamedRange",
    "OpenLot",
    "Performance",
    "PerformanceSeries",
    "Portfolio",
    "PortfolioData",
    "PriceRecord",
    "RealizedGain",
    "SeriesPoint",
    "SplitRecord",
    "StalePrice",
    "Summary",
    "TransactionRecord",
    "allocation",
    "cash_holdings",
    "holdings",
    "income",
    "open_lots",
    "performance",
    "performance_for_range",
    "period_start",
    "realized_gains",
    "summary",
    "xirr",
]
