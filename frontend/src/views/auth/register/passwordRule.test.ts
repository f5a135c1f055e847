import { describe, expect, it } from 'vitest'
import { passwordProblem } from './passwordRule'

describe('passwordProblem', () => {
  // The same cases as the server's TestPasswordRule.
  const cases: [string, string, ReturnType<typeof passwordProblem>][] = [
    ['安全密码'.repeat(7) + '安全', 'a@b.cn', 'tooLong'], // 30 characters, 90 bytes
    ['ab1'.repeat(24), 'a@b.cn', null], // 72 bytes
    ['ab1'.repeat(24) + 'x', 'a@b.cn', 'tooLong'],
    ['        ', 'a@b.cn', 'oneKind'],
    ['password', 'a@b.cn', 'oneKind'],
    ['12345678', 'a@b.cn', 'oneKind'],
    ['我的密码很安全啊', 'a@b.cn', 'oneKind'],
    ['我的密码2026', 'a@b.cn', null],
    ['pass word', 'a@b.cn', 'oneKind'],
    ['PassWord', 'a@b.cn', null],
    ['LI.HUA@EXAMPLE.CN', 'li.hua@example.cn', 'isEmail'],
    ['Li.Hua01', 'li.hua01@example.cn', 'isEmail'],
    ['pass-12', 'a@b.cn', 'tooShort'],
    ['demo-pass-2026', 'a@b.cn', null],
  ]
  it.each(cases)('%s → %s', (pw, email, want) => {
    expect(passwordProblem(pw, email)).toBe(want)
  })
})
