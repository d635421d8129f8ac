// A fake backend with a session: /auth/me answers 401 until someone signs in.
import { FakeApi, type FakeUser, json, problem, USER } from "./fakeApi";

export function signedOutApi(
  options: { needsSetup?: boolean; allowSignup?: boolean; user?: FakeUser } = {},
) {
  const state = { user: null as FakeUser | null, account: options.user ?? USER };
  const api = new FakeApi()
    .on("GET", "/api/v1/auth/status", () =>
      json(200, {
        needs_setup: options.needsSetup ?? false,
        allow_signup: options.allowSignup ?? false,
      }),
    )
    .on("GET", "/api/v1/auth/me", () =>
      state.user ? json(200, state.user) : problem(401, "Not signed in", "sign in first"),
    )
    .on("POST", "/api/v1/auth/login", () => {
      state.user = state.account;
      return json(200, {
        access_token: "not-used",
        token_type: "bearer",
        expires_at: "2026-12-09T10:00:00Z",
      });
    })
    .on("POST", "/api/v1/auth/logout", () => {
      state.user = null;
      return { status: 204 };
    });
  return { api, state };
}

export function signedInApi(user: FakeUser = USER) {
  const session = signedOutApi({ user });
  session.state.user = user;
  return session;
}
