"""Market-data providers: `yahoo` (through yfinance) and `manual` (what users store)."""
