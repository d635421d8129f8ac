"""Use cases: the ledger's rules, portfolio queries, imports and exports."""
