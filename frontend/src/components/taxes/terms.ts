// How a sale's holding period is named.

export const TERM_LABELS: Record<string, string> = { short: "Short-term", long: "Long-term" };
