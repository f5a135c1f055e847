import { reactive } from 'vue'
import { ApiError } from '@/api/http'
import { useI18n } from '@/locales'
import type { AffectedBookings } from '@/types'

/** BookingsChoice is what a change that closes booked time does with the bookings it covers. */
export interface BookingsChoice {
  on_bookings?: 'cancel' | 'keep'
  cancel_reason?: string
}

/** BookingsChoiceState is what AffectedBookingsDialog shows. */
export interface BookingsChoiceState {
  open: boolean
  affected: AffectedBookings | null
  /** ownReason says the change carries the reason its holders are told (a blackout's). */
  ownReason: boolean
}

/**
 * useBookingsChoice sends a change that may close booked time: a blackout, opening hours, a
 * resource's capacity or status. When the server answers that it covers active bookings (409
 * `bookings_affected`, nothing changed), the list is shown (AffectedBookingsDialog) and the
 * manager cancels them, with a reason unless the change has its own, or keeps them; the change is
 * then sent again with that choice. `send` resolves to the answer, or to null when the manager
 * went back to editing; `savedText` words what was done.
 */
export function useBookingsChoice(ownReason: boolean) {
  const { t } = useI18n()
  const state = reactive<BookingsChoiceState>({ open: false, affected: null, ownReason })
  let decided: ((c: BookingsChoice | null) => void) | null = null
  let last: BookingsChoice = {}

  async function send<T>(call: (c: BookingsChoice) => Promise<T>): Promise<T | null> {
    last = {}
    try {
      return await call({})
    } catch (err) {
      if (!(err instanceof ApiError) || err.code !== 'bookings_affected') throw err
      state.affected = err.details as unknown as AffectedBookings
      state.open = true
      const choice = await new Promise<BookingsChoice | null>((resolve) => (decided = resolve))
      if (!choice) return null
      last = choice
      return call(choice)
    }
  }

  /** decide answers the dialog: a choice, or null to go back. */
  function decide(c: BookingsChoice | null) {
    state.open = false
    decided?.(c)
    decided = null
  }

  function savedText(): string {
    const n = state.affected?.count ?? 0
    if (last.on_bookings === 'cancel') return t('manage.affected.cancelled', { n })
    if (last.on_bookings === 'keep') return t('manage.affected.kept')
    return t('common.saved')
  }

  return { state, send, decide, savedText }
}
