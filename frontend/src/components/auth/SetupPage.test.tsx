import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, test } from "vitest";
import { json, problem, USER } from "../../test/fakeApi";
import { fill, findHeading, renderApp } from "../../test/renderApp";
import { signedOutApi } from "../../test/session";

async function fillSetup(username: string, password: string) {
  const user = userEvent.setup();
  await fill(user, screen.getByRole("textbox", { name: "Username" }), username);
  await fill(user, screen.getByLabelText(/^Password/), password);
  await fill(user, screen.getByLabelText(/^Confirm password/), password);
  return user;
}

describe("first run", () => {
  test("a visitor to a fresh install is sent to setup and creates the administrator", async () => {
    const { api, state } = signedOutApi({ needsSetup: true });
    api.on("POST", "/api/v1/auth/register", (request) => {
      state.account = { ...USER, username: (request.body as { username: string }).username };
      return json(201, state.account);
    });
    await renderApp(api, "/");
    await findHeading("Welcome to PMS");

    const user = await fillSetup("ada", "correct horse battery");
    await user.click(screen.getByRole("button", { name: "Create administrator" }));

    await findHeading("Dashboard");
    expect(api.callsTo("POST", "/api/v1/auth/register")[0]?.body).toEqual({
      username: "ada",
      password: "correct horse battery",
      // Guessed from the browser's locale (en-US).
      base_currency: "USD",
    });
    expect(api.callsTo("POST", "/api/v1/auth/login")[0]?.body).toEqual({
      username: "ada",
      password: "correct horse battery",
    });
    expect(screen.getByRole("button", { name: "Account menu for ada" })).toBeInTheDocument();
  });

  test("what the API would refuse is caught before sending", async () => {
    const { api } = signedOutApi({ needsSetup: true });
    await renderApp(api, "/setup");
    await findHeading("Welcome to PMS");
    const user = userEvent.setup();
    await fill(user, screen.getByRole("textbox", { name: "Username" }), "x!");
    await fill(user, screen.getByLabelText(/^Password/), "too short");
    await user.click(screen.getByRole("button", { name: "Create administrator" }));

    expect(screen.getByRole("textbox", { name: "Username" })).toHaveAccessibleDescription(
      expect.stringContaining("Use 3 to 64 letters"),
    );
    expect(screen.getByLabelText(/^Password/)).toHaveAccessibleDescription(
      expect.stringContaining("Use at least 12 characters"),
    );
    expect(screen.getByLabelText(/^Confirm password/)).toHaveAccessibleDescription(
      "The passwords differ",
    );
    expect(api.callsTo("POST", "/api/v1/auth/register")).toHaveLength(0);
  });

  test("a refusal from the API is shown at the field it names", async () => {
    const { api } = signedOutApi({ needsSetup: true });
    api.on(
      "POST",
      "/api/v1/auth/register",
      problem(409, "Conflict", "'ada' is already taken", [
        { field: "username", message: "'ada' is already taken", code: "taken" },
      ]),
    );
    await renderApp(api, "/setup");
    await findHeading("Welcome to PMS");
    const user = await fillSetup("ada", "correct horse battery");
    await user.click(screen.getByRole("button", { name: "Create administrator" }));

    await waitFor(() =>
      expect(screen.getByRole("textbox", { name: "Username" })).toHaveAccessibleDescription(
        expect.stringContaining("'ada' is already taken"),
      ),
    );
    expect(api.callsTo("POST", "/api/v1/auth/login")).toHaveLength(0);
  });

  test("once set up, with sign-up closed, setup sends people to sign in", async () => {
    const { api } = signedOutApi({ needsSetup: false, allowSignup: false });
    const { router } = await renderApp(api, "/setup");
    await findHeading("Sign in");
    expect(router.state.location.pathname).toBe("/login");
  });

  test("with sign-up open, setup creates an ordinary account", async () => {
    const { api } = signedOutApi({ needsSetup: false, allowSignup: true });
    await renderApp(api, "/setup");
    await findHeading("Create your account");
    expect(screen.getByRole("link", { name: "Sign in" })).toHaveAttribute("href", "/login");
  });
});
