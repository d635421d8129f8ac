import { Alert, Button, Stack, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconAlertTriangle } from "@tabler/icons-react";
import { useNavigate } from "@tanstack/react-router";
import { asApiError } from "../../api/problem";
import { useLogin } from "../../api/session";
import { safeRedirect } from "../../router";
import { PasswordField } from "../PasswordField";
import { AnchorLink } from "../RouterLinks";
import { AuthLayout } from "./AuthLayout";

export function LoginPage({
  redirectTo,
  allowSignup,
}: {
  redirectTo?: string;
  allowSignup: boolean;
}) {
  const navigate = useNavigate();
  const login = useLogin();
  const form = useForm({
    initialValues: { username: "", password: "" },
    validate: {
      username: (value) => (value.trim() ? null : "Enter your username"),
      password: (value) => (value ? null : "Enter your password"),
    },
  });

  const submit = form.onSubmit((values) => {
    login.mutate(
      { body: { username: values.username.trim(), password: values.password } },
      {
        onSuccess: () => {
          void navigate({ to: safeRedirect(redirectTo), replace: true });
        },
        onError: (error) => {
          const problem = asApiError(error);
          for (const { field, message } of problem.fieldErrors) {
            if (field === "username" || field === "password") form.setFieldError(field, message);
          }
        },
      },
    );
  });

  const problem = login.error ? asApiError(login.error) : null;

  return (
    <AuthLayout
      title="Sign in"
      description="Welcome back. Sign in to see your portfolio."
      footer={
        allowSignup ? (
          <>
            New here? <AnchorLink to="/setup">Create an account</AnchorLink>
          </>
        ) : undefined
      }
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          {problem && problem.fieldErrors.length === 0 ? (
            <Alert
              color="red"
              variant="light"
              role="alert"
              title={problem.status === 401 ? "Sign-in failed" : problem.title}
              icon={<IconAlertTriangle size={18} aria-hidden />}
            >
              {problem.status === 401 ? "Wrong username or password." : problem.detail}
            </Alert>
          ) : null}
          <TextInput
            label="Username"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            required
            data-autofocus
            {...form.getInputProps("username")}
          />
          <PasswordField
            label="Password"
            autoComplete="current-password"
            required
            {...form.getInputProps("password")}
          />
          <Button type="submit" fullWidth size="md" loading={login.isPending} mt="xs">
            Sign in
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
