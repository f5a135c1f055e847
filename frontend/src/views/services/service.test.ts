import { describe, expect, it } from 'vitest'
import {
  commentRequired,
  fileSize,
  onTime,
  quoteProblems,
  requestProblems,
  splitMinutes,
  stepsFor,
  toFen,
  toYuan,
} from './service'

describe('toFen', () => {
  it.each([
    ['12', 1200],
    ['12.5', 1250],
    ['12.50', 1250],
    ['0.29', 29],
    ['1,200.07', 120007],
    [' 3 ', 300],
    ['-1.5', -150],
    [19.99, 1999],
    ['12.', 1200],
  ] as const)('%s yuan is %i fen', (yuan, fen) => expect(toFen(yuan)).toBe(fen))

  it.each(['', 'abc', '1.234', '1e3', '.5', null, undefined])('%s is no amount', (v) =>
    expect(toFen(v)).toBeNull(),
  )
})

describe('toYuan', () => {
  it.each([
    [1250, '12.50'],
    [29, '0.29'],
    [0, '0.00'],
    [-150, '-1.50'],
    [null, ''],
  ] as const)('%s fen is %s', (fen, want) => expect(toYuan(fen)).toBe(want))

  it('round-trips with toFen', () => {
    for (const fen of [0, 1, 99, 100, 123456, 29, 57]) expect(toFen(toYuan(fen))).toBe(fen)
  })
})

describe('stepsFor', () => {
  const names = (a: string[]) => stepsFor(a).map((s) => s.action)

  it('gives a button only for what the server allows, in the toolbar order', () => {
    expect(names(['message', 'cancel', 'accept', 'decline'])).toEqual(['accept', 'decline', 'cancel'])
    expect(names(['reserve', 'start', 'message'])).toEqual(['start', 'reserve'])
    expect(names(['confirm', 'request_revision', 'rate'])).toEqual(['confirm', 'request_revision'])
  })

  it('leaves out the sections and unknown actions', () => {
    expect(names(['message', 'rate', 'reply', 'teleport'])).toEqual([])
  })

  it('asks for a note where the server requires one', () => {
    const by = Object.fromEntries(
      stepsFor(['reject', 'deliver', 'request_revision', 'decline', 'quote', 'cancel']).map((s) => [
        s.action,
        s,
      ]),
    )
    expect(by.reject).toMatchObject({ kind: 'note', noteRequired: true })
    expect(by.request_revision).toMatchObject({ kind: 'note', noteRequired: true })
    expect(by.deliver).toMatchObject({ kind: 'deliver', noteRequired: true })
    expect(by.decline).toMatchObject({ kind: 'note', noteRequired: false })
    expect(by.quote).toMatchObject({ kind: 'quote' })
    expect(by.cancel).toMatchObject({ kind: 'confirm' })
  })
})

describe('requestProblems', () => {
  const ok = {
    title: '盐雾试验',
    description: '48 小时中性盐雾',
    quantity: 3,
    desired_date: '2026-12-10',
    contact_name: '王工',
    contact_phone: '138 0000 0000',
    contact_email: 'wang@example.com',
  }
  const today = '2026-12-02'

  it('passes a complete form', () => expect(requestProblems(ok, today)).toEqual({}))

  it('names every missing or malformed field', () => {
    expect(
      requestProblems(
        {
          ...ok,
          title: ' ',
          description: '',
          quantity: 0,
          desired_date: '2026-12-01',
          contact_phone: 'call me',
          contact_email: 'wang',
        },
        today,
      ),
    ).toEqual({
      title: 'required',
      description: 'required',
      quantity: 'min',
      desired_date: 'past',
      contact_phone: 'phone',
      contact_email: 'email',
    })
  })

  it('lets the desired date be left out, or be today', () => {
    expect(requestProblems({ ...ok, desired_date: '' }, today)).toEqual({})
    expect(requestProblems({ ...ok, desired_date: today }, today)).toEqual({})
  })

  it('refuses a fractional quantity', () => {
    expect(requestProblems({ ...ok, quantity: 1.5 }, today)).toEqual({ quantity: 'min' })
  })
})

describe('quoteProblems', () => {
  const now = new Date('2026-12-02T08:00:00Z')
  const ok = { yuan: '1200', due_date: '2026-12-20', terms: '', valid_until: '2026-12-09T08:00:00Z' }

  it('passes a complete quote', () => expect(quoteProblems(ok, '2026-12-02', now)).toEqual({}))

  it('names the fields of the API it would refuse', () => {
    expect(
      quoteProblems(
        { yuan: '12.345', due_date: '2026-12-01', terms: '', valid_until: '2026-12-02T07:00:00Z' },
        '2026-12-02',
        now,
      ),
    ).toEqual({ amount_fen: 'amount', due_date: 'past', valid_until: 'past' })
    expect(quoteProblems({ ...ok, yuan: '-1' }, '2026-12-02', now)).toEqual({ amount_fen: 'negative' })
    expect(quoteProblems({ ...ok, due_date: '', valid_until: '' }, '2026-12-02', now)).toEqual({
      due_date: 'required',
      valid_until: 'required',
    })
  })

  it('takes a free quote', () => expect(quoteProblems({ ...ok, yuan: '0' }, '2026-12-02', now)).toEqual({}))
})

describe('figures', () => {
  it('asks for a comment with one or two stars only', () => {
    expect([1, 2, 3, 4, 5].map(commentRequired)).toEqual([true, true, false, false, false])
  })

  it('splits minutes into hours and minutes', () => {
    expect(splitMinutes(0)).toEqual({ h: 0, m: 0 })
    expect(splitMinutes(125)).toEqual({ h: 2, m: 5 })
    expect(splitMinutes(-3)).toEqual({ h: 0, m: 0 })
  })

  it('tells whether a delivery was on time', () => {
    expect(onTime('2026-12-01T10:00:00Z', '2026-12-01T15:59:59Z')).toBe(true)
    expect(onTime('2026-12-02T10:00:00Z', '2026-12-01T15:59:59Z')).toBe(false)
    expect(onTime(null, '2026-12-01T15:59:59Z')).toBeNull()
  })

  it('words file sizes', () => {
    expect(fileSize(512)).toBe('512 B')
    expect(fileSize(2048)).toBe('2.0 KB')
    expect(fileSize(3 * 1024 * 1024)).toBe('3.0 MB')
  })
})
