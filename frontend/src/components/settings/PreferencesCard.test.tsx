import { screen, waitFor } from "@testing-library/react";
import userEvent, { type UserEvent } from "@testing-library/user-event";
import { describe, expect, test } from "vitest";
import { json, problem, USER } from "../../test/fakeApi";
import { fill, findHeading, renderApp } from "../../test/renderApp";
import { signedInApi } from "../../test/session";

async function pickCurrency(user: UserEvent, code: string) {
  const box = screen.getByRole("combobox", { name: "Base currency" });
  await fill(user, box, code);
  await user.click(await screen.findByRole("option", { name: new RegExp(`^${code}`) }));
}

function settingsApi() {
  const session = signedInApi({ ...USER, role: "user" });
  session.api.on("PATCH", "/api/v1/auth/me", (request) => {
    const changes = request.body as Record<string, unknown>;
    const rate = changes.risk_free_rate;
    session.state.user = {
      ...USER,
      role: "user",
      ...changes,
      ...(rate ? { risk_free_rate: String(rate) } : {}),
    } as typeof session.state.user;
    return json(200, session.state.user);
  });
  return session;
}

describe("preferences", () => {
  test("only what changed is sent, the rate as the fraction the API stores", async () => {
    const { api } = settingsApi();
    await renderApp(api, "/settings");
    await findHeading("Settings");
    const user = userEvent.setup();
    const save = screen.getByRole("button", { name: "Save preferences" });
    expect(save).toBeDisabled();

    await user.click(screen.getByRole("radio", { name: "Highest cost" }));
    expect(screen.getByText(/takes the lots that cost the most per unit first/)).toBeVisible();
    await fill(user, screen.getByRole("textbox", { name: "Risk-free rate" }), "2.5");
    await fill(user, screen.getByRole("textbox", { name: "Long-term after" }), "730");
    await user.click(save);

    await screen.findByText("Your preferences are saved.");
    expect(api.callsTo("PATCH", "/api/v1/auth/me")[0]?.body).toEqual({
      cost_basis_method: "hifo",
      risk_free_rate: "0.025",
      long_term_days: 730,
    });
    await waitFor(() => expect(save).toBeDisabled());
  });

  test("the preview follows the chosen locale and currency before saving", async () => {
    const { api } = settingsApi();
    await renderApp(api, "/settings");
    await findHeading("Settings");
    expect(screen.getByText(/^Preview:/)).toHaveTextContent(
      "Preview: €1,234,567.89 · +4.25% · March 31, 2026",
    );
    const user = userEvent.setup();
    await pickCurrency(user, "GBP");
    expect(screen.getByText(/^Preview:/)).toHaveTextContent("£1,234,567.89");
  });

  test("a refusal from the API appears at its field", async () => {
    const { api } = settingsApi();
    api.on(
      "PATCH",
      "/api/v1/auth/me",
      problem(422, "Validation failed", "base_currency: not accepted", [
        { field: "base_currency", message: "'GBP' is not accepted here", code: "value_error" },
      ]),
    );
    await renderApp(api, "/settings");
    await findHeading("Settings");
    const user = userEvent.setup();
    await pickCurrency(user, "GBP");
    await user.click(screen.getByRole("button", { name: "Save preferences" }));

    await waitFor(() =>
      expect(screen.getByRole("combobox", { name: "Base currency" })).toHaveAccessibleDescription(
        expect.stringContaining("'GBP' is not accepted here"),
      ),
    );
  });

  test("a rate that is not a number, or out of range, is not sent", async () => {
    const { api } = settingsApi();
    await renderApp(api, "/settings");
    await findHeading("Settings");
    const user = userEvent.setup();
    const rate = screen.getByRole("textbox", { name: "Risk-free rate" });
    await fill(user, rate, "150");
    await user.click(screen.getByRole("button", { name: "Save preferences" }));
    expect(rate).toHaveAccessibleDescription(
      expect.stringContaining("Enter a rate between -100 % and 100 %"),
    );
    expect(api.callsTo("PATCH", "/api/v1/auth/me")).toHaveLength(0);
  });

  test("members see their own settings but not user management", async () => {
    const { api } = settingsApi();
    await renderApp(api, "/settings");
    await findHeading("Settings");
    expect(screen.getByRole("heading", { name: "Preferences" })).toBeInTheDocument();
    expect(screen.getByRole("heading", { name: "Password" })).toBeInTheDocument();
    expect(screen.queryByRole("heading", { name: "Users" })).not.toBeInTheDocument();
    expect(api.callsTo("GET", "/api/v1/users")).toHaveLength(0);
  });
});

describe("password", () => {
  test("a wrong current password is shown at that field", async () => {
    const { api } = settingsApi();
    api.on(
      "PATCH",
      "/api/v1/auth/me",
      problem(422, "Validation failed", "current_password: must match", [
        {
          field: "current_password",
          message: "the current password is required and must match",
          code: "mismatch",
        },
      ]),
    );
    await renderApp(api, "/settings");
    await findHeading("Settings");
    const user = userEvent.setup();
    await fill(user, screen.getByLabelText(/^Current password/), "not my password");
    await fill(user, screen.getByLabelText(/^New password/), "a brand new passphrase");
    await fill(user, screen.getByLabelText(/^Confirm new password/), "a brand new passphrase");
    await user.click(screen.getByRole("button", { name: "Change password" }));

    await waitFor(() =>
      expect(screen.getByLabelText(/^Current password/)).toHaveAccessibleDescription(
        "the current password is required and must match",
      ),
    );
    expect(api.callsTo("PATCH", "/api/v1/auth/me")[0]?.body).toEqual({
      current_password: "not my password",
      new_password: "a brand new passphrase",
    });
  });

  test("a confirmation that differs is caught before sending", async () => {
    const { api } = settingsApi();
    await renderApp(api, "/settings");
    await findHeading("Settings");
    const user = userEvent.setup();
    await fill(user, screen.getByLabelText(/^Current password/), "my password");
    await fill(user, screen.getByLabelText(/^New password/), "a brand new passphrase");
    await fill(user, screen.getByLabelText(/^Confirm new password/), "a different passphrase");
    await user.click(screen.getByRole("button", { name: "Change password" }));
    expect(screen.getByLabelText(/^Confirm new password/)).toHaveAccessibleDescription(
      expect.stringContaining("The passwords differ"),
    );
    expect(api.callsTo("PATCH", "/api/v1/auth/me")).toHaveLength(0);
  });
});
