import type { QueryClient } from "@tanstack/react-query";
import type { AppRouter } from "../router";
import { meQuery } from "./session";

/**
 * A request was answered 401. If a session was established, it has ended (expired, revoked,
 * signed out elsewhere): forget cached data and ask to sign in again, coming back here after.
 * Without a session the 401 is the sign-in check itself, which the routes already handle.
 */
export function onSessionLost(router: AppRouter, queryClient: QueryClient): void {
  if (queryClient.getQueryData(meQuery().queryKey) === undefined) return;
  const { href } = router.state.location;
  void router.navigate({ to: "/login", search: { redirect: href }, replace: true }).then(() => {
    queryClient.clear();
  });
}
