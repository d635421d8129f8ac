import {
  AppShell,
  Avatar,
  Badge,
  Box,
  Burger,
  Group,
  Menu,
  ScrollArea,
  Stack,
  Text,
  UnstyledButton,
  useMantineColorScheme,
} from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import {
  IconArrowsExchange,
  IconBuildingBank,
  IconChartPie,
  IconChevronDown,
  IconFileImport,
  IconHeartbeat,
  IconLayoutDashboard,
  IconLogout,
  IconReceiptTax,
  IconSettings,
} from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { Outlet, useNavigate, useRouterState } from "@tanstack/react-router";
import { type ReactNode, useEffect } from "react";
import { attentionCount, useDataHealth } from "../api/health";
import { forgetSession, useLogout, useMe } from "../api/session";
import type { Theme } from "../client/types.gen";
import { reportError } from "../feedback";
import { Logo } from "./Logo";
import { NavLinkTo } from "./RouterLinks";

interface NavItem {
  to:
    | "/"
    | "/holdings"
    | "/transactions"
    | "/accounts"
    | "/taxes"
    | "/import"
    | "/data-health"
    | "/settings";
  label: string;
  icon: ReactNode;
}

const NAV: NavItem[] = [
  { to: "/", label: "Dashboard", icon: <IconLayoutDashboard size={20} stroke={1.7} /> },
  { to: "/holdings", label: "Holdings", icon: <IconChartPie size={20} stroke={1.7} /> },
  {
    to: "/transactions",
    label: "Transactions",
    icon: <IconArrowsExchange size={20} stroke={1.7} />,
  },
  { to: "/accounts", label: "Accounts", icon: <IconBuildingBank size={20} stroke={1.7} /> },
  { to: "/taxes", label: "Taxes", icon: <IconReceiptTax size={20} stroke={1.7} /> },
  { to: "/import", label: "Import", icon: <IconFileImport size={20} stroke={1.7} /> },
  { to: "/data-health", label: "Data health", icon: <IconHeartbeat size={20} stroke={1.7} /> },
  { to: "/settings", label: "Settings", icon: <IconSettings size={20} stroke={1.7} /> },
];

function isActive(pathname: string, to: NavItem["to"]): boolean {
  return to === "/" ? pathname === "/" : pathname === to || pathname.startsWith(`${to}/`);
}

/** The count of data-health errors and warnings beside "Data health" (nothing when zero). */
function HealthBadge() {
  const health = useDataHealth();
  const count = attentionCount(health.data);
  if (count === 0) return null;
  const errors = health.data?.counts.error ?? 0;
  return (
    <Badge
      size="sm"
      circle={count < 10}
      color={errors > 0 ? "red" : "orange"}
      variant="filled"
      aria-label={`${count} ${count === 1 ? "problem" : "problems"} to look at`}
    >
      {count > 99 ? "99+" : count}
    </Badge>
  );
}

/** Applies the user's theme setting (system follows the operating system). */
function useUserColorScheme(theme: Theme): void {
  const { setColorScheme } = useMantineColorScheme();
  useEffect(() => {
    setColorScheme(theme === "system" ? "auto" : theme);
  }, [theme, setColorScheme]);
}

function UserMenu() {
  const me = useMe();
  const logout = useLogout();
  const navigate = useNavigate();
  const queryClient = useQueryClient();

  const signOut = () => {
    logout.mutate(
      {},
      {
        onSuccess: async () => {
          await navigate({ to: "/login", replace: true });
          forgetSession(queryClient);
        },
        onError: (error) => reportError(error),
      },
    );
  };

  return (
    <Menu position="bottom-end" width={220} withinPortal>
      <Menu.Target>
        <UnstyledButton aria-label={`Account menu for ${me.username}`} px={6} py={4}>
          <Group gap={8} wrap="nowrap">
            <Avatar size={32} radius="xl" color="brand" variant="light">
              {me.username.slice(0, 2).toUpperCase()}
            </Avatar>
            <Box visibleFrom="xs" style={{ minWidth: 0 }}>
              <Text fz="sm" fw={600} lh={1.2} truncate maw={160}>
                {me.username}
              </Text>
              <Text fz="xs" c="dimmed" lh={1.2}>
                {me.role === "admin" ? "Administrator" : "Member"}
              </Text>
            </Box>
            <IconChevronDown size={14} aria-hidden />
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>Signed in as {me.username}</Menu.Label>
        <Menu.Item
          leftSection={<IconSettings size={16} aria-hidden />}
          onClick={() => void navigate({ to: "/settings" })}
        >
          Settings
        </Menu.Item>
        <Menu.Item
          leftSection={<IconLogout size={16} aria-hidden />}
          onClick={signOut}
          disabled={logout.isPending}
        >
          Sign out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

/** The signed-in app: header with the user's menu, navigation (a drawer on phones), the page. */
export function AppLayout() {
  const me = useMe();
  useUserColorScheme(me.theme);
  const [opened, { toggle, close }] = useDisclosure(false);
  const pathname = useRouterState({ select: (state) => state.location.pathname });

  // Leaving a page closes the phone's navigation drawer.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on every change of page
  useEffect(() => {
    close();
  }, [pathname, close]);

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 248, breakpoint: "sm", collapsed: { mobile: !opened } }}
      padding={{ base: "md", sm: "xl" }}
    >
      <AppShell.Header>
        <a href="#main" className="pms-skip-link">
          Skip to content
        </a>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={opened ? "Close navigation" : "Open navigation"}
            />
            <Logo />
          </Group>
          <UserMenu />
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="sm" aria-label="Main navigation">
        <AppShell.Section grow component={ScrollArea}>
          <Stack gap={4}>
            {NAV.map((item) => (
              <NavLinkTo
                key={item.to}
                to={item.to}
                label={item.label}
                leftSection={item.icon}
                rightSection={item.to === "/data-health" ? <HealthBadge /> : undefined}
                active={isActive(pathname, item.to)}
                aria-current={isActive(pathname, item.to) ? "page" : undefined}
                variant="light"
                fw={500}
                style={{ borderRadius: "var(--mantine-radius-md)" }}
              />
            ))}
          </Stack>
        </AppShell.Section>
        <AppShell.Section>
          <Text fz="xs" c="dimmed" px="sm" py="xs">
            Reporting in {me.base_currency}
          </Text>
        </AppShell.Section>
      </AppShell.Navbar>

      <AppShell.Main id="main" tabIndex={-1} style={{ outline: "none" }}>
        <Box maw={1240} mx="auto">
          <Outlet />
        </Box>
      </AppShell.Main>
    </AppShell>
  );
}
