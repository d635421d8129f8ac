import { Button, Group, SimpleGrid, Stack } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useUpdateMe } from "../../api/session";
import { notifySuccess, reportError } from "../../feedback";
import { validateNewPassword } from "../auth/rules";
import { PasswordField } from "../PasswordField";
import { SettingsSection } from "./SettingsSection";

export function PasswordCard() {
  const update = useUpdateMe();
  const form = useForm({
    initialValues: { current_password: "", new_password: "", confirm: "" },
    validate: {
      current_password: (value) => (value ? null : "Enter your current password"),
      new_password: validateNewPassword,
      confirm: (value, values) => (value === values.new_password ? null : "The passwords differ"),
    },
  });

  const submit = form.onSubmit((values) => {
    update.mutate(
      {
        body: { current_password: values.current_password, new_password: values.new_password },
      },
      {
        onSuccess: () => {
          form.reset();
          notifySuccess("Use the new password the next time you sign in.", "Password changed");
        },
        onError: (error) =>
          reportError(error, form, {
            current_password: "current_password",
            new_password: "new_password",
          }),
      },
    );
  });

  return (
    <SettingsSection
      title="Password"
      headingId="password-heading"
      description="Change the password you sign in with. You need your current one."
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <PasswordField
            label="Current password"
            autoComplete="current-password"
            required
            maw={{ sm: "calc(50% - var(--mantine-spacing-md) / 2)" }}
            {...form.getInputProps("current_password")}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <PasswordField
              label="New password"
              description="At least 12 characters"
              autoComplete="new-password"
              required
              {...form.getInputProps("new_password")}
            />
            <PasswordField
              label="Confirm new password"
              description="Type it once more"
              autoComplete="new-password"
              required
              {...form.getInputProps("confirm")}
            />
          </SimpleGrid>
          <Group justify="flex-end">
            <Button type="submit" loading={update.isPending}>
              Change password
            </Button>
          </Group>
        </Stack>
      </form>
    </SettingsSection>
  );
}
