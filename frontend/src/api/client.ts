// Configures the generated API client (src/client/, never edited by hand) for the web app:
// same-origin requests that carry the HttpOnly session cookie, and every failure thrown as an
// `ApiError`. The session token itself is never seen or stored by the app.
import { client } from "../client/client.gen";
import { problemFromNetworkFailure, problemFromResponse } from "./problem";

let configured = false;

export function configureApiClient(options: { fetch?: typeof fetch } = {}): void {
  client.setConfig({
    // Absolute, so the same code runs in the browser and under test (Node's Request needs it).
    baseUrl: window.location.origin,
    credentials: "same-origin",
    throwOnError: true,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  if (configured) return;
  configured = true;
  client.interceptors.error.use((error, response) =>
    response === undefined
      ? problemFromNetworkFailure(error)
      : problemFromResponse(response.status, error),
  );
}
