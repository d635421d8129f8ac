import { PasswordInput, type PasswordInputProps } from "@mantine/core";

/**
 * Mantine's password input, telling assistive technology when it is invalid (the stock one only
 * colours itself red).
 */
export function PasswordField(props: PasswordInputProps) {
  return <PasswordInput aria-invalid={props.error ? true : undefined} {...props} />;
}
