import type { QueryClient } from "@tanstack/react-query";
import type { AppRouter } from "../router";
import { meQuery } from "./session";

const PUBLIC_PATHS = new Set(["/login", "/setup"]);
const leaving = new WeakSet<AppRouter>();

/**
 * A request was answered 401. If a session was established, it has ended (expired, revoked,
 * signed out elsewhere): forget cached data and ask to sign in again, coming back here after.
 * Without a session the 401 is the sign-in check itself, which the routes already handle.
 * Several requests fail at once when a session ends; the first one decides.
 */
export function onSessionLost(router: AppRouter, queryClient: QueryClient): void {
  if (leaving.has(router)) return;
  if (queryClient.getQueryData(meQuery().queryKey) === undefined) return;
  const { pathname, href } = router.state.location;
  if (PUBLIC_PATHS.has(pathname)) return;
  leaving.add(router);
  void router.navigate({ to: "/login", search: { redirect: href }, replace: true }).finally(() => {
    queryClient.clear();
    leaving.delete(router);
  });
}
