"""Portfolio reports for the API: loading a user's data in a few queries (`loading`), the reports
themselves (`reports`) and the cache of their responses (`caching`)."""

from pms.analytics import AllocationKey, HoldingsGroup, IncomeGroup, NamedRange
from pms.services.portfolio.caching import TTL_SECONDS, cached_response
from pms.services.portfolio.reports import (
    ExplainReport,
    LabelledSlice,
    PerformanceReport,
    Scope,
    SummaryReport,
    allocation,
    date_range,
    explain,
    holdings,
    income,
    lots,
    performance,
    position_list,
    realized,
    realized_end,
    report_date,
    report_year,
    scope_for,
    summary,
)

__all__ = [
    "TTL_SECONDS",
    "AllocationKey",
    "ExplainReport",
    "HoldingsGroup",
    "IncomeGroup",
    "LabelledSlice",
    "NamedRange",
    "PerformanceReport",
    "Scope",
    "SummaryReport",
    "allocation",
    "cached_response",
    "date_range",
    "explain",
    "holdings",
    "income",
    "lots",
    "performance",
    "position_list",
    "realized",
    "realized_end",
    "report_date",
    "report_year",
    "scope_for",
    "summary",
]
