// How the app tells people what happened: refusals go next to the field they concern, everything
// else becomes a toast. Nothing is swallowed.
import { notifications } from "@mantine/notifications";
import { IconAlertTriangle, IconCheck } from "@tabler/icons-react";
import { asApiError, splitFieldErrors } from "./api/problem";

export interface FieldErrorSink {
  setFieldError: (path: string, message: string) => void;
}

export function notifySuccess(message: string, title?: string): void {
  notifications.show({
    title,
    message,
    color: "teal",
    icon: <IconCheck size={18} aria-hidden />,
  });
}

function notifyError(title: string, message: string): void {
  notifications.show({
    title,
    message,
    color: "red",
    icon: <IconAlertTriangle size={18} aria-hidden />,
    autoClose: 8000,
  });
}

/**
 * Shows an error: each field error the form knows goes to its field, the rest to a toast.
 * `fields` maps the API's field paths to the form's (e.g. `{ username: "username" }`).
 * A 401 shows nothing here: the app is already on its way to the sign-in page.
 */
export function reportError(
  error: unknown,
  form?: FieldErrorSink,
  fields: Readonly<Record<string, string>> = {},
): void {
  const problem = asApiError(error);
  if (problem.isUnauthorized) return;
  const { byField, unmatched } = form
    ? splitFieldErrors(problem, fields)
    : { byField: {}, unmatched: [...problem.fieldErrors] };
  for (const [path, message] of Object.entries(byField)) form?.setFieldError(path, message);
  if (Object.keys(byField).length > 0 && unmatched.length === 0) return;
  const extra = unmatched.map((e) => (e.field ? `${e.field}: ${e.message}` : e.message));
  const message = extra.length > 0 ? extra.join("; ") : problem.detail || problem.title;
  notifyError(problem.title, message);
}
