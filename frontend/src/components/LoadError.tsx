import { Alert, Button } from "@mantine/core";
import { IconAlertTriangle, IconRefresh } from "@tabler/icons-react";
import { asApiError } from "../api/problem";

/** A part of a page that could not load: the API's reason and a way to try again. */
export function LoadError({
  what,
  error,
  onRetry,
}: {
  what: string;
  error: unknown;
  onRetry?: () => void;
}) {
  const problem = asApiError(error);
  return (
    <Alert
      color="red"
      variant="light"
      title={`${what} could not be loaded`}
      icon={<IconAlertTriangle aria-hidden />}
      role="alert"
    >
      {problem.detail || problem.title}
      {onRetry ? (
        <Button
          display="block"
          mt="sm"
          size="xs"
          variant="default"
          leftSection={<IconRefresh size={14} aria-hidden />}
          onClick={onRetry}
        >
          Try again
        </Button>
      ) : null}
    </Alert>
  );
}
