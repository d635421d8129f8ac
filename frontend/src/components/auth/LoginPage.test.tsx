import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, test } from "vitest";
import { problem } from "../../test/fakeApi";
import { fill, findHeading, renderApp } from "../../test/renderApp";
import { signedOutApi } from "../../test/session";

async function signIn(username: string, password: string) {
  const user = userEvent.setup();
  await fill(user, screen.getByRole("textbox", { name: "Username" }), username);
  await fill(user, screen.getByLabelText(/^Password/), password);
  await user.click(screen.getByRole("button", { name: "Sign in" }));
}

describe("signing in", () => {
  test("a signed-out visitor is sent to sign in, and back to where they were going", async () => {
    const { api } = signedOutApi();
    const { router } = await renderApp(api, "/holdings");
    await findHeading("Sign in");
    expect(router.state.location.pathname).toBe("/login");
    expect(router.state.location.search).toEqual({ redirect: "/holdings" });

    await signIn("ada", "correct horse battery");
    await findHeading("Holdings");
    expect(api.callsTo("POST", "/api/v1/auth/login")[0]?.body).toEqual({
      username: "ada",
      password: "correct horse battery",
    });
  });

  test("a wrong password is said plainly and nothing else happens", async () => {
    const { api } = signedOutApi();
    api.on(
      "POST",
      "/api/v1/auth/login",
      problem(401, "Not signed in", "wrong username or password"),
    );
    const { router } = await renderApp(api, "/login");
    await findHeading("Sign in");
    await signIn("ada", "not it");
    expect(await screen.findByRole("alert")).toHaveTextContent("Wrong username or password.");
    expect(router.state.location.pathname).toBe("/login");
  });

  test("too many attempts show the API's explanation", async () => {
    const { api } = signedOutApi();
    api.on(
      "POST",
      "/api/v1/auth/login",
      problem(429, "Too many requests", "too many failed sign-in attempts; wait a few minutes"),
    );
    await renderApp(api, "/login");
    await findHeading("Sign in");
    await signIn("ada", "again");
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Too many requests");
    expect(alert).toHaveTextContent("too many failed sign-in attempts; wait a few minutes");
  });

  test("empty fields are pointed out without asking the API", async () => {
    const { api } = signedOutApi();
    await renderApp(api, "/login");
    await findHeading("Sign in");
    await userEvent.setup().click(screen.getByRole("button", { name: "Sign in" }));
    expect(screen.getByRole("textbox", { name: "Username" })).toHaveAccessibleDescription(
      "Enter your username",
    );
    expect(api.callsTo("POST", "/api/v1/auth/login")).toHaveLength(0);
  });

  test("before the first user exists, sign-in sends people to setup", async () => {
    const { api } = signedOutApi({ needsSetup: true });
    const { router } = await renderApp(api, "/login");
    await findHeading("Welcome to PMS");
    expect(router.state.location.pathname).toBe("/setup");
  });

  test("a redirect to another site is ignored", async () => {
    const { api } = signedOutApi();
    const { router } = await renderApp(api, "/login?redirect=%2F%2Fevil.example%2F");
    await findHeading("Sign in");
    await signIn("ada", "correct horse battery");
    await findHeading("Dashboard");
    await waitFor(() => expect(router.state.location.pathname).toBe("/"));
  });
});
