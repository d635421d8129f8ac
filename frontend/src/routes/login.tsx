import { createFileRoute, redirect } from "@tanstack/react-router";
import { authStatusQuery } from "../api/session";
import { LoginPage } from "../components/auth/LoginPage";

interface LoginSearch {
  redirect?: string;
}

export const Route = createFileRoute("/login")({
  validateSearch: (search: Record<string, unknown>): LoginSearch =>
    typeof search.redirect === "string" ? { redirect: search.redirect } : {},
  loader: async ({ context: { queryClient } }) => {
    const status = await queryClient.fetchQuery(authStatusQuery());
    if (status.needs_setup) throw redirect({ to: "/setup" });
    return status;
  },
  component: LoginRoute,
});

function LoginRoute() {
  const { redirect: target } = Route.useSearch();
  const status = Route.useLoaderData();
  return <LoginPage redirectTo={target} allowSignup={status.allow_signup} />;
}
