// The data-health report: what makes the figures doubtful, each item with where to fix it.
import { useQuery } from "@tanstack/react-query";
import { portfolioHealthOptions } from "../client/@tanstack/react-query.gen";
import type { HealthReportPublic } from "../client/types.gen";

export function useDataHealth() {
  return useQuery({ ...portfolioHealthOptions(), staleTime: 60_000 });
}

/** What the navigation's badge counts: errors and warnings (notes are not a call to act). */
export function attentionCount(report: HealthReportPublic | undefined): number {
  return report ? report.counts.error + report.counts.warning : 0;
}
