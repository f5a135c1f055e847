import { describe, expect, it } from 'vitest'
import type { Goal, Seat } from '@/types'
import { isPast, progress, seatsOf } from './governance'

const seat = (id: number, over: Partial<Seat>): Seat => ({
  id,
  body: 'council',
  position: 'director',
  organization_id: null,
  organization_name: null,
  organization_name_en: null,
  person_name: `P${id}`,
  title: '',
  term_start: '2026-01-01',
  term_end: null,
  ...over,
})

describe('seatsOf', () => {
  const seats = [
    seat(1, { position: 'director' }),
    seat(2, { position: 'chair', term_start: '2023-01-01', term_end: '2025-12-31' }),
    seat(3, { position: 'chair' }),
    seat(4, { position: 'vice_chair' }),
    seat(5, { body: 'secretariat', position: 'staff' }),
  ]
  it('lists a body’s current seats, senior positions first', () => {
    expect(seatsOf(seats, 'council', '2026-12-06', false).map((s) => s.id)).toEqual([3, 4, 1])
  })
  it('puts past terms after the current ones when asked for', () => {
    expect(seatsOf(seats, 'council', '2026-12-06', true).map((s) => s.id)).toEqual([3, 4, 1, 2])
  })
  it('counts a term as running on its last day', () => {
    expect(isPast(seats[1]!, '2025-12-31')).toBe(false)
    expect(isPast(seats[1]!, '2026-01-01')).toBe(true)
  })
})

describe('progress', () => {
  const goal = (target: number, reached: number | null): Goal => ({
    indicator: 'utilization',
    target,
    reached,
    note: '',
    updated_at: '2026-01-01T00:00:00Z',
  })
  it('is the share of the target reached, capped at 100', () => {
    expect(progress(goal(0.6, 0.3))).toBe(50)
    expect(progress(goal(0.6, 0.9))).toBe(100)
  })
  it('is unknown before the year has figures, and met for a target of 0', () => {
    expect(progress(goal(0.6, null))).toBeNull()
    expect(progress(goal(0, 0))).toBe(100)
  })
})
