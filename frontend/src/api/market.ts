// Market data: what is stale, refreshing prices now (a job followed until it ends), the demo.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import {
  demoLoadDemoMutation,
  jobsReadJobOptions,
  marketMarketStatusOptions,
  marketRefreshMarketMutation,
} from "../client/@tanstack/react-query.gen";
import type { JobPublic } from "../client/types.gen";
import { invalidateOperations, MARKET_QUERIES } from "./invalidate";

export function useMarketStatus() {
  return useQuery({ ...marketMarketStatusOptions(), staleTime: 60_000 });
}

/** How often a running job is asked about, in milliseconds. */
export const JOB_POLL_MS = 1000;

export function isFinished(job: JobPublic | undefined): boolean {
  return job?.status === "done" || job?.status === "failed";
}

/** Starts a refresh of prices and rates, then follows its job until it is done or failed. */
export function useRefreshPrices() {
  const queryClient = useQueryClient();
  const [jobId, setJobId] = useState<string | null>(null);
  const start = useMutation({
    ...marketRefreshMarketMutation(),
    onSuccess: (accepted) => setJobId(accepted.job_id),
  });
  const job = useQuery({
    ...jobsReadJobOptions({ path: { job_id: jobId ?? "" } }),
    enabled: jobId !== null,
    staleTime: 0,
    refetchInterval: (query) => {
      const data = query.state.data;
      if (isFinished(data)) return false;
      return JOB_POLL_MS;
    },
  });
  const finished = isFinished(job.data);
  const finishedId = finished ? (job.data?.id ?? null) : null;
  // New prices (or new fetch states) change the charts and the stale list.
  useEffect(() => {
    if (finishedId !== null) void invalidateOperations(queryClient, MARKET_QUERIES);
  }, [finishedId, queryClient]);
  return {
    start: () => start.mutate({ body: {} }),
    starting: start.isPending,
    startError: start.error,
    job: job.data,
    jobError: job.error,
    running: jobId !== null && !finished && !job.isError,
    dismiss: () => {
      setJobId(null);
      start.reset();
    },
  };
}

/** Loads the demo portfolio into an empty account; everything cached is out of date after. */
export function useLoadDemo() {
  const queryClient = useQueryClient();
  return useMutation({
    ...demoLoadDemoMutation(),
    onSuccess: () => queryClient.invalidateQueries(),
  });
}
