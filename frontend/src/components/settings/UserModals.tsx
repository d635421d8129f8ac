import { Button, Group, Modal, Select, Stack, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useEffect } from "react";
import { useCreateUser, useDeleteUser, useUpdateUser } from "../../api/users";
import type { Role, UserPublic } from "../../client/types.gen";
import { notifySuccess, reportError } from "../../feedback";
import { validateNewPassword, validateUsername } from "../auth/rules";
import { PasswordField } from "../PasswordField";

export function CreateUserModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const create = useCreateUser();
  const form = useForm<{ username: string; password: string; role: Role }>({
    initialValues: { username: "", password: "", role: "user" },
    validate: { username: validateUsername, password: validateNewPassword },
  });
  const { reset } = form;
  useEffect(() => {
    if (opened) reset();
  }, [opened, reset]);

  const submit = form.onSubmit((values) => {
    create.mutate(
      { body: { username: values.username.trim(), password: values.password, role: values.role } },
      {
        onSuccess: (user) => {
          notifySuccess(`${user.username} can now sign in.`, "User added");
          onClose();
        },
        onError: (error) =>
          reportError(error, form, { username: "username", password: "password", role: "role" }),
      },
    );
  });

  return (
    <Modal opened={opened} onClose={onClose} title="Add a user">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <TextInput
            label="Username"
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            required
            data-autofocus
            {...form.getInputProps("username")}
          />
          <PasswordField
            label="Password"
            description="At least 12 characters; they can change it after signing in"
            autoComplete="new-password"
            required
            {...form.getInputProps("password")}
          />
          <Select
            label="Role"
            allowDeselect={false}
            data={[
              { value: "user", label: "Member" },
              { value: "admin", label: "Administrator" },
            ]}
            {...form.getInputProps("role")}
          />
          <Group justify="flex-end" mt="xs">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Add user
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export function ResetPasswordModal({
  user,
  onClose,
}: {
  user: UserPublic | null;
  onClose: () => void;
}) {
  const update = useUpdateUser();
  const form = useForm({
    initialValues: { password: "" },
    validate: { password: validateNewPassword },
  });
  const { reset } = form;
  useEffect(() => {
    if (user) reset();
  }, [user, reset]);

  const submit = form.onSubmit((values) => {
    if (!user) return;
    update.mutate(
      { path: { user_id: user.id }, body: { password: values.password } },
      {
        onSuccess: () => {
          notifySuccess(
            `${user.username} is signed out everywhere and signs in with the new password.`,
            "Password reset",
          );
          onClose();
        },
        onError: (error) => reportError(error, form, { password: "password" }),
      },
    );
  });

  return (
    <Modal
      opened={user !== null}
      onClose={onClose}
      title={`Reset the password of ${user?.username ?? ""}`}
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <PasswordField
            label="New password"
            description="At least 12 characters"
            autoComplete="new-password"
            required
            data-autofocus
            {...form.getInputProps("password")}
          />
          <Group justify="flex-end" mt="xs">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={update.isPending}>
              Reset password
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export function DeleteUserModal({
  user,
  onClose,
}: {
  user: UserPublic | null;
  onClose: () => void;
}) {
  const remove = useDeleteUser();
  const confirm = () => {
    if (!user) return;
    remove.mutate(
      { path: { user_id: user.id } },
      {
        onSuccess: () => {
          notifySuccess(`${user.username} was deleted.`, "User deleted");
          onClose();
        },
        onError: (error) => reportError(error),
      },
    );
  };
  return (
    <Modal opened={user !== null} onClose={onClose} title={`Delete ${user?.username ?? ""}?`}>
      <Stack gap="md">
        <Text fz="sm">
          Their accounts, transactions and settings are deleted with them. This cannot be undone.
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button color="red" onClick={confirm} loading={remove.isPending}>
            Delete user
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
