import { describe, expect, test } from "vitest";
import {
  ApiError,
  asApiError,
  problemFromNetworkFailure,
  problemFromResponse,
  splitFieldErrors,
} from "./problem";

const refused = {
  type: "https://pms.invalid/problems/validation-failed",
  title: "Validation failed",
  status: 422,
  detail: "username: already taken; 0.date: not a date",
  errors: [
    { field: "username", message: "'ada' is already taken", code: "taken" },
    { field: "username", message: "a second complaint", code: "other" },
    { field: "0.date", message: "not a date", code: "date_parsing" },
  ],
};

describe("problem documents", () => {
  test("an RFC 9457 body keeps its title, detail, type and field errors", () => {
    const error = problemFromResponse(422, refused);
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(422);
    expect(error.title).toBe("Validation failed");
    expect(error.detail).toBe("username: already taken; 0.date: not a date");
    expect(error.type).toBe("https://pms.invalid/problems/validation-failed");
    expect(error.fieldErrors).toHaveLength(3);
    expect(error.messageFor("0.date")).toBe("not a date");
    expect(error.messageFor("password")).toBeUndefined();
  });

  test("a body that is not a problem still gives a status and a sentence, never markup", () => {
    const gateway = problemFromResponse(502, "<html><body>Bad Gateway</body></html>");
    expect(gateway.title).toBe("Server unreachable");
    expect(gateway.detail).toBe("the server could not answer; try again in a moment");
    expect(problemFromResponse(418, "").title).toBe("Error 418");
    expect(problemFromResponse(400, "plain words").detail).toBe("plain words");
    expect(problemFromResponse(400, "<b>tag</b>").detail).toBe("Bad request");
  });

  test("malformed field errors are kept as far as they go", () => {
    const error = problemFromResponse(422, {
      title: "Validation failed",
      errors: [{ field: 3 }, "junk", { field: "x", message: "bad", code: "c" }],
    });
    expect(error.status).toBe(422);
    expect(error.fieldErrors).toEqual([
      { field: "", message: "invalid value", code: "invalid" },
      { field: "x", message: "bad", code: "c" },
    ]);
  });

  test("a request that got no answer says the server could not be reached", () => {
    const error = problemFromNetworkFailure(new TypeError("Failed to fetch"));
    expect(error.status).toBe(0);
    expect(error.title).toBe("Server unreachable");
    const aborted = problemFromNetworkFailure(new DOMException("gone", "AbortError"));
    expect(aborted.title).toBe("Request cancelled");
  });

  test("anything thrown can be shown", () => {
    expect(asApiError(new Error("boom")).detail).toBe("boom");
    expect(asApiError("odd").detail).toBe("odd");
    const original = problemFromResponse(401, { title: "Not signed in", detail: "sign in" });
    expect(asApiError(original)).toBe(original);
    expect(original.isUnauthorized).toBe(true);
  });
});

describe("mapping field errors to a form", () => {
  test("known fields get their first message; the rest are left for a toast", () => {
    const error = problemFromResponse(422, refused);
    const { byField, unmatched } = splitFieldErrors(error, { username: "name" });
    expect(byField).toEqual({ name: "'ada' is already taken" });
    expect(unmatched).toEqual([{ field: "0.date", message: "not a date", code: "date_parsing" }]);
  });
});
