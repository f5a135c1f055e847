import { describe, expect, it } from 'vitest'
import { normalizeCreditCode, validCreditCode } from './creditCode'

describe('validCreditCode', () => {
  // The same cases as the server's TestValidCreditCode.
  const cases: [string, boolean][] = [
    ['91350100M000100Y43', true],
    ['91500000MA5U8D4E07', false], // wrong check character
    ['91110000600037341L', true],
    ['91110000600037341M', false],
    ['9135010OM000100Y43', false], // O is not allowed
    ['91350100M000100Y4', false], // too short
    ['', false],
    ['91350100m000100Y43', false], // lower case
  ]
  it.each(cases)('%s → %s', (code, want) => {
    expect(validCreditCode(code)).toBe(want)
  })

  it('accepts a lower-case code once normalized', () => {
    expect(validCreditCode(normalizeCreditCode(' 91350100m000100y43 '))).toBe(true)
  })
})
