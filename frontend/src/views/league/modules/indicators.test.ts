import { describe, expect, it } from 'vitest'
import { formatIndicator, weightShares } from './indicators'

describe('league indicators', () => {
  it('shows ratios as percentages, the rating to one decimal and the SMEs as a count', () => {
    expect(formatIndicator('utilization', 0.1234)).toBe('12.3%')
    expect(formatIndicator('rating', 4.25)).toBe('4.3')
    expect(formatIndicator('smes_served', 3)).toBe('3')
  })
  it("gives each weight's share of their sum", () => {
    const w = { utilization: 3, open_share: 1, on_time: 0, rating: 0, fill: 0, pass: 0, smes_served: 0 }
    expect(weightShares(w)).toMatchObject({ utilization: '75%', open_share: '25%', on_time: '0%' })
    expect(weightShares({ ...w, utilization: 0, open_share: 0 }).utilization).toBe('0%')
  })
})
