import { Box, Center, Paper, Stack, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";
import { Logo } from "../Logo";
import { usePageTitle } from "../PageHeader";

/** The signed-out screens: a centred card on a quiet background. */
export function AuthLayout({
  title,
  description,
  children,
  footer,
}: {
  title: string;
  description: ReactNode;
  children: ReactNode;
  footer?: ReactNode;
}) {
  usePageTitle(title);
  return (
    <Box
      mih="100dvh"
      style={{
        background:
          "radial-gradient(1200px 600px at 10% -10%, light-dark(var(--mantine-color-brand-1), rgba(84,116,180,0.18)), transparent 60%), radial-gradient(900px 500px at 110% 110%, light-dark(var(--mantine-color-cyan-1), rgba(21,170,191,0.12)), transparent 60%), var(--pms-page-bg)",
      }}
    >
      <Center mih="100dvh" p="md">
        <Stack w="100%" maw={420} gap="lg">
          <Center>
            <Logo size="lg" />
          </Center>
          <Paper withBorder shadow="md" p={{ base: "lg", sm: "xl" }}>
            <Stack gap={4} mb="lg">
              <Title order={1} fz={22}>
                {title}
              </Title>
              <Text c="dimmed" fz="sm">
                {description}
              </Text>
            </Stack>
            {children}
          </Paper>
          {footer ? (
            <Text c="dimmed" fz="sm" ta="center">
              {footer}
            </Text>
          ) : null}
        </Stack>
      </Center>
    </Box>
  );
}
