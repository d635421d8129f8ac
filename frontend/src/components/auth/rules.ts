// The API's rules for usernames and passwords, checked before sending so mistakes show at once.
// The API checks them again; its word is final.
export const MIN_PASSWORD_LENGTH = 12;
const USERNAME = /^[A-Za-z0-9][A-Za-z0-9_.@-]{2,63}$/;

export function validateUsername(value: string): string | null {
  const name = value.trim();
  if (!name) return "Choose a username";
  if (!USERNAME.test(name))
    return "Use 3 to 64 letters, digits or . _ @ -, starting with a letter or digit";
  return null;
}

export function validateNewPassword(value: string): string | null {
  if (value.length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters`;
  if (!value.trim()) return "The password must not be blank";
  return null;
}
