"""The SQLAlchemy models of ARCHITECTURE §3; importing this package registers every table."""

from pms.db.models.account import Account
from pms.db.models.fx import FxRate, UserFxRate
from pms.db.models.instrument import DividendEvent, Instrument, Price, Split, UserPrice
from pms.db.models.market import FxMarketStatus, InstrumentMarketStatus, Job
from pms.db.models.transaction import Transaction
from pms.db.models.user import AuthToken, User
from pms.db.models.versions import DataVersion

__all__ = [
    "Account",
    "AuthToken",
    "DataVersion",
    "DividendEvent",
    "FxMarketStatus",
    "FxRate",
    "Instrument",
    "InstrumentMarketStatus",
    "Job",
    "Price",
    "Split",
    "Transaction",
    "User",
    "UserFxRate",
    "UserPrice",
]
