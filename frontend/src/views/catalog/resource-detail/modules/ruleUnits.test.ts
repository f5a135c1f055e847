import { describe, expect, it } from 'vitest'
import { bestUnit } from './ruleUnits'

describe('bestUnit', () => {
  it('words a duration in the largest unit that keeps it whole', () => {
    expect(bestUnit(120, ['minute', 'hour', 'day'])).toBe('hour')
    expect(bestUnit(2880, ['minute', 'hour', 'day'])).toBe('day')
    expect(bestUnit(90, ['minute', 'hour', 'day'])).toBe('minute')
    expect(bestUnit(1440, ['minute', 'hour'])).toBe('hour')
  })
  it('offers the first unit for none', () => {
    expect(bestUnit(0, ['hour', 'minute'])).toBe('hour')
    expect(bestUnit(0, ['day'])).toBe('day')
  })
})
