// Who is signed in, and signing in and out. The session lives in an HttpOnly cookie that the
// browser sends with every /api request; the app never sees or stores the token.
import {
  type QueryClient,
  queryOptions,
  useMutation,
  useQueryClient,
  useSuspenseQuery,
} from "@tanstack/react-query";
import { useMemo } from "react";
import {
  authAuthStatusOptions,
  authLoginMutation,
  authLogoutMutation,
  authReadMeOptions,
  authReadMeQueryKey,
  authRegisterMutation,
  authUpdateMeMutation,
} from "../client/@tanstack/react-query.gen";
import type { MeUpdate, UserPublic } from "../client/types.gen";
import { createFormatter, type Formatter } from "../format";
import { invalidateOperations, PORTFOLIO_QUERIES } from "./invalidate";

/** The signed-in user; fails with a 401 `ApiError` when nobody is. */
export const meQuery = () => queryOptions({ ...authReadMeOptions(), staleTime: 5 * 60_000 });

/** Whether the first user must still be created, and whether sign-up is open. */
export const authStatusQuery = () => queryOptions({ ...authAuthStatusOptions(), staleTime: 0 });

/** The signed-in user, inside the signed-in part of the app (its layout route loaded it). */
export function useMe(): UserPublic {
  return useSuspenseQuery(meQuery()).data;
}

/** Formats money, dates and percentages with the signed-in user's locale and base currency. */
export function useFormatter(): Formatter {
  const me = useMe();
  return useMemo(
    () => createFormatter({ locale: me.locale, currency: me.base_currency }),
    [me.locale, me.base_currency],
  );
}

/** Signs in (the response sets the session cookie), then loads the user. */
export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    ...authLoginMutation(),
    onSuccess: async () => {
      queryClient.removeQueries({ queryKey: authReadMeQueryKey() });
      await queryClient.fetchQuery(meQuery());
    },
  });
}

/** Creates an account (the first becomes the administrator) and signs it in. */
export function useRegisterAndSignIn() {
  const queryClient = useQueryClient();
  const register = useMutation(authRegisterMutation());
  const login = useMutation(authLoginMutation());
  return useMutation({
    mutationFn: async (body: { username: string; password: string; base_currency?: string }) => {
      await register.mutateAsync({ body });
      await login.mutateAsync({ body: { username: body.username, password: body.password } });
      queryClient.removeQueries({ queryKey: authReadMeQueryKey() });
      return queryClient.fetchQuery(meQuery());
    },
  });
}

/** Revokes the session; the caller navigates away, then `forgetSession` drops cached data. */
export function useLogout() {
  return useMutation(authLogoutMutation());
}

export function forgetSession(queryClient: QueryClient): void {
  queryClient.clear();
}

/**
 * Saves the user's own settings; the cached user is replaced by the answer. The reports follow
 * the base currency, the cost-basis method and the risk-free rate, so they are asked again.
 */
export function useUpdateMe() {
  const queryClient = useQueryClient();
  return useMutation({
    ...authUpdateMeMutation(),
    onSuccess: (user) => {
      queryClient.setQueryData(meQuery().queryKey, user);
      void invalidateOperations(queryClient, PORTFOLIO_QUERIES);
    },
  });
}

export type { MeUpdate };
