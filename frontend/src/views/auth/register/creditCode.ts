// The check of a unified social credit code (统一社会信用代码, GB 32100-2015), the same as the
// server's app.ValidCreditCode, so a typo is caught before the form is sent.

const chars = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

/** normalizeCreditCode trims the code and writes it in capitals, as people often type it. */
export function normalizeCreditCode(code: string): string {
  return code.trim().toUpperCase()
}

/** validCreditCode reports whether code is 18 characters of the code's alphabet and its last
 * character is the right check character. */
export function validCreditCode(code: string): boolean {
  if (code.length !== 18) return false
  let sum = 0
  for (let i = 0; i < 17; i++) {
    const v = chars.indexOf(code.charAt(i))
    if (v < 0) return false
    sum += v * (weights[i] ?? 0)
  }
  return code.charAt(17) === chars.charAt((31 - (sum % 31)) % 31)
}
