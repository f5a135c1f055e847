// The password rule, the same as the server's (app/accounts/password.go), so a weak password is
// caught before the form is sent: 8 characters to 72 bytes (a Chinese character takes 3), two
// kinds of character, not the e-mail address.

/** PasswordProblem names how a password breaks the rule; each has a message under auth.password*. */
export type PasswordProblem = 'tooShort' | 'tooLong' | 'oneKind' | 'isEmail'

const kinds = [/\p{Ll}/u, /\p{Lu}/u, /[\p{Lt}\p{Lm}\p{Lo}]/u, /\p{Nd}/u, /[^\p{L}\p{Nd}\s]/u]

/** passwordProblem returns how the password breaks the rule, or null when it keeps it. */
export function passwordProblem(password: string, email: string): PasswordProblem | null {
  const lower = password.toLowerCase()
  const address = email.trim().toLowerCase()
  if (new TextEncoder().encode(password).length > 72) return 'tooLong'
  if ([...password].length < 8) return 'tooShort'
  if (kinds.filter((k) => k.test(password)).length < 2) return 'oneKind'
  if (address && (lower === address || lower === address.split('@')[0])) return 'isEmail'
  return null
}
