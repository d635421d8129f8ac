"""Market data: providers behind one interface (`yahoo`, `manual`), the arithmetic that turns what
they serve into as-traded prices, resilience against an unreliable provider, CSV price files, the
bundled demo data, and the scheduler of the daily refresh."""
