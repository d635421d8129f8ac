import { Alert, Button, Center, Group, Stack, Text } from "@mantine/core";
import { IconAlertTriangle, IconRefresh } from "@tabler/icons-react";
import { useQueryErrorResetBoundary } from "@tanstack/react-query";
import { type ErrorComponentProps, useRouter } from "@tanstack/react-router";
import { useEffect } from "react";
import { asApiError } from "../api/problem";

/** A page that could not load: what went wrong, in the API's words, and a way to try again. */
export function PageError({ error, reset }: ErrorComponentProps) {
  const router = useRouter();
  const queryErrorBoundary = useQueryErrorResetBoundary();
  const problem = asApiError(error);

  useEffect(() => {
    queryErrorBoundary.reset();
  }, [queryErrorBoundary]);

  return (
    <Center py="xl">
      <Stack maw={520} w="100%">
        <Alert
          color="red"
          variant="light"
          title={problem.title}
          icon={<IconAlertTriangle aria-hidden />}
        >
          <Text fz="sm">{problem.detail || "The page could not be loaded."}</Text>
        </Alert>
        <Group justify="center">
          <Button
            variant="default"
            leftSection={<IconRefresh size={16} aria-hidden />}
            onClick={() => {
              reset();
              void router.invalidate();
            }}
          >
            Try again
          </Button>
        </Group>
      </Stack>
    </Center>
  );
}
