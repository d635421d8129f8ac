import {
  ActionIcon,
  Badge,
  Button,
  Group,
  Menu,
  Skeleton,
  Stack,
  Table,
  Text,
  VisuallyHidden,
} from "@mantine/core";
import {
  IconDots,
  IconKey,
  IconShield,
  IconShieldOff,
  IconTrash,
  IconUserCheck,
  IconUserOff,
  IconUserPlus,
} from "@tabler/icons-react";
import { useState } from "react";
import { asApiError } from "../../api/problem";
import { useFormatter, useMe } from "../../api/session";
import { useUpdateUser, useUsers } from "../../api/users";
import type { UserPublic } from "../../client/types.gen";
import { notifySuccess, reportError } from "../../feedback";
import { SettingsSection } from "./SettingsSection";
import { CreateUserModal, DeleteUserModal, ResetPasswordModal } from "./UserModals";

function RoleBadge({ user }: { user: UserPublic }) {
  return user.role === "admin" ? (
    <Badge variant="light" color="brand" size="sm" miw="max-content">
      Administrator
    </Badge>
  ) : (
    <Badge variant="light" color="gray" size="sm" miw="max-content">
      Member
    </Badge>
  );
}

function StatusBadge({ user }: { user: UserPublic }) {
  return user.is_active ? (
    <Badge variant="dot" color="teal" size="sm" miw="max-content">
      Active
    </Badge>
  ) : (
    <Badge variant="dot" color="red" size="sm" miw="max-content">
      Disabled
    </Badge>
  );
}

type Dialog = { kind: "create" } | { kind: "reset" | "delete"; user: UserPublic } | null;

function UserActions({ user, onOpen }: { user: UserPublic; onOpen: (dialog: Dialog) => void }) {
  const update = useUpdateUser();
  const change = (body: { role?: "admin" | "user"; is_active?: boolean }, done: string) =>
    update.mutate(
      { path: { user_id: user.id }, body },
      { onSuccess: () => notifySuccess(done), onError: (error) => reportError(error) },
    );
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${user.username}`}>
          <IconDots size={18} aria-hidden />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        {user.role === "admin" ? (
          <Menu.Item
            leftSection={<IconShieldOff size={16} aria-hidden />}
            onClick={() => change({ role: "user" }, `${user.username} is now a member.`)}
          >
            Make member
          </Menu.Item>
        ) : (
          <Menu.Item
            leftSection={<IconShield size={16} aria-hidden />}
            onClick={() => change({ role: "admin" }, `${user.username} is now an administrator.`)}
          >
            Make administrator
          </Menu.Item>
        )}
        {user.is_active ? (
          <Menu.Item
            leftSection={<IconUserOff size={16} aria-hidden />}
            onClick={() => change({ is_active: false }, `${user.username} can no longer sign in.`)}
          >
            Disable sign-in
          </Menu.Item>
        ) : (
          <Menu.Item
            leftSection={<IconUserCheck size={16} aria-hidden />}
            onClick={() => change({ is_active: true }, `${user.username} can sign in again.`)}
          >
            Enable sign-in
          </Menu.Item>
        )}
        <Menu.Item
          leftSection={<IconKey size={16} aria-hidden />}
          onClick={() => onOpen({ kind: "reset", user })}
        >
          Reset password…
        </Menu.Item>
        <Menu.Divider />
        <Menu.Item
          color="red"
          leftSection={<IconTrash size={16} aria-hidden />}
          onClick={() => onOpen({ kind: "delete", user })}
        >
          Delete…
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

export function UsersCard() {
  const me = useMe();
  const fmt = useFormatter();
  const users = useUsers();
  const [dialog, setDialog] = useState<Dialog>(null);
  const close = () => setDialog(null);

  let body: React.ReactNode;
  if (users.isPending) {
    body = (
      <Stack gap="sm" aria-busy="true" aria-label="Loading users">
        {[0, 1, 2].map((key) => (
          <Skeleton key={key} height={36} radius="sm" />
        ))}
      </Stack>
    );
  } else if (users.isError) {
    body = (
      <Text c="red" fz="sm" role="alert">
        The users could not be loaded: {asApiError(users.error).detail}
      </Text>
    );
  } else {
    body = (
      <Table verticalSpacing="sm" highlightOnHover aria-label="Users">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w="100%">User</Table.Th>
            <Table.Th visibleFrom="sm">Role</Table.Th>
            <Table.Th visibleFrom="sm">Status</Table.Th>
            <Table.Th visibleFrom="md">Created</Table.Th>
            <Table.Th w={56}>
              <VisuallyHidden>Actions</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {users.data.items.map((user) => (
            <Table.Tr key={user.id} data-username={user.username}>
              <Table.Td>
                <Group gap={6}>
                  <Text fz="sm" fw={600} style={{ overflowWrap: "anywhere" }}>
                    {user.username}
                  </Text>
                  {user.id === me.id ? (
                    <Badge size="xs" variant="outline">
                      You
                    </Badge>
                  ) : null}
                </Group>
                <Group gap={6} mt={4} hiddenFrom="sm">
                  <RoleBadge user={user} />
                  <StatusBadge user={user} />
                </Group>
              </Table.Td>
              <Table.Td visibleFrom="sm">
                <RoleBadge user={user} />
              </Table.Td>
              <Table.Td visibleFrom="sm">
                <StatusBadge user={user} />
              </Table.Td>
              <Table.Td visibleFrom="md">
                <Text fz="sm" c="dimmed" style={{ whiteSpace: "nowrap" }}>
                  {fmt.date(user.created_at.slice(0, 10))}
                </Text>
              </Table.Td>
              <Table.Td>
                {user.id === me.id ? null : <UserActions user={user} onOpen={setDialog} />}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    );
  }

  return (
    <SettingsSection
      title="Users"
      headingId="users-heading"
      description="Who can sign in to this PMS. Each person sees only their own portfolio."
    >
      <Stack gap="md">
        <Group justify="space-between">
          <Text fz="sm" c="dimmed">
            {users.data ? `${users.data.total} ${users.data.total === 1 ? "user" : "users"}` : " "}
          </Text>
          <Button
            leftSection={<IconUserPlus size={16} aria-hidden />}
            variant="light"
            onClick={() => setDialog({ kind: "create" })}
          >
            Add user
          </Button>
        </Group>
        {body}
      </Stack>
      <CreateUserModal opened={dialog?.kind === "create"} onClose={close} />
      <ResetPasswordModal user={dialog?.kind === "reset" ? dialog.user : null} onClose={close} />
      <DeleteUserModal user={dialog?.kind === "delete" ? dialog.user : null} onClose={close} />
    </SettingsSection>
  );
}
