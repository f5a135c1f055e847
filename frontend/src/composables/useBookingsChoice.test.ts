import { flushPromises, mount } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import { defineComponent } from 'vue'
import { ApiError } from '@/api/http'
import { i18n } from '@/locales'
import { type BookingsChoice, useBookingsChoice } from './useBookingsChoice'

/** withChoice mounts a component that uses the composable and returns it. */
function withChoice() {
  let choice!: ReturnType<typeof useBookingsChoice>
  mount(
    defineComponent({
      setup() {
        choice = useBookingsChoice(false)
        return () => null
      },
    }),
    { global: { plugins: [i18n] } },
  )
  return choice
}

const affected = new ApiError(409, 'bookings_affected', 'the change covers active bookings', {
  details: { bookings: [{ id: 4 }], count: 1, keep_allowed: true },
})

describe('useBookingsChoice', () => {
  it('sends once when no booking is covered', async () => {
    const choice = withChoice()
    const call = vi.fn().mockResolvedValue('saved')
    await expect(choice.send(call)).resolves.toBe('saved')
    expect(call).toHaveBeenCalledTimes(1)
    expect(choice.state.open).toBe(false)
  })

  it('lists the bookings, then sends again with the manager’s choice', async () => {
    const choice = withChoice()
    const call = vi
      .fn<(c: BookingsChoice) => Promise<string>>()
      .mockRejectedValueOnce(affected)
      .mockResolvedValue('saved')
    const sent = choice.send(call)
    await flushPromises()
    expect(choice.state.open).toBe(true)
    expect(choice.state.affected?.count).toBe(1)
    choice.decide({ on_bookings: 'cancel', cancel_reason: '设备检修' })
    await expect(sent).resolves.toBe('saved')
    expect(call).toHaveBeenLastCalledWith({ on_bookings: 'cancel', cancel_reason: '设备检修' })
    expect(choice.savedText()).toContain('1')
  })

  it('sends nothing more when the manager goes back, and passes other errors on', async () => {
    const choice = withChoice()
    const call = vi.fn().mockRejectedValueOnce(affected)
    const sent = choice.send(call)
    await flushPromises()
    choice.decide(null)
    await expect(sent).resolves.toBeNull()
    expect(call).toHaveBeenCalledTimes(1)
    const refused = new ApiError(422, 'validation_failed', 'some fields are invalid')
    await expect(choice.send(vi.fn().mockRejectedValue(refused))).rejects.toBe(refused)
  })
})
