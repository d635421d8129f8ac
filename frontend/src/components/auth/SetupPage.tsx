import { Alert, Button, Stack, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconShieldCheck } from "@tabler/icons-react";
import { useNavigate } from "@tanstack/react-router";
import { useRegisterAndSignIn } from "../../api/session";
import { reportError } from "../../feedback";
import { resolveLocale } from "../../format";
import { CurrencySelect, guessCurrency } from "../CurrencySelect";
import { PasswordField } from "../PasswordField";
import { AnchorLink } from "../RouterLinks";
import { AuthLayout } from "./AuthLayout";
import { validateNewPassword, validateUsername } from "./rules";

export function SetupPage({ firstRun }: { firstRun: boolean }) {
  const navigate = useNavigate();
  const register = useRegisterAndSignIn();
  const locale = resolveLocale();
  const form = useForm({
    initialValues: {
      username: "",
      password: "",
      confirm: "",
      base_currency: guessCurrency(locale),
    },
    validate: {
      username: validateUsername,
      password: validateNewPassword,
      confirm: (value, values) => (value === values.password ? null : "The passwords differ"),
      base_currency: (value) => (value ? null : "Choose a currency"),
    },
  });

  const submit = form.onSubmit((values) => {
    register.mutate(
      {
        username: values.username.trim(),
        password: values.password,
        base_currency: values.base_currency,
      },
      {
        onSuccess: () => void navigate({ to: "/", replace: true }),
        onError: (error) =>
          reportError(error, form, {
            username: "username",
            password: "password",
            base_currency: "base_currency",
          }),
      },
    );
  });

  return (
    <AuthLayout
      title={firstRun ? "Welcome to PMS" : "Create your account"}
      description={
        firstRun
          ? "Create the administrator account to get started. You can add more people later in Settings."
          : "Choose a username and password to start tracking your portfolio."
      }
      footer={
        firstRun ? undefined : (
          <>
            Already have an account? <AnchorLink to="/login">Sign in</AnchorLink>
          </>
        )
      }
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          {firstRun ? (
            <Alert variant="light" icon={<IconShieldCheck size={18} aria-hidden />} p="sm">
              This first account is the administrator of this PMS.
            </Alert>
          ) : null}
          <TextInput
            label="Username"
            description="3 to 64 letters, digits or . _ @ -"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            required
            {...form.getInputProps("username")}
          />
          <PasswordField
            label="Password"
            description="At least 12 characters"
            autoComplete="new-password"
            required
            {...form.getInputProps("password")}
          />
          <PasswordField
            label="Confirm password"
            autoComplete="new-password"
            required
            {...form.getInputProps("confirm")}
          />
          <CurrencySelect
            label="Base currency"
            description="Your portfolio is valued and reported in this currency"
            locale={locale}
            required
            {...form.getInputProps("base_currency")}
          />
          <Button type="submit" fullWidth size="md" loading={register.isPending} mt="xs">
            {firstRun ? "Create administrator" : "Create account"}
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
