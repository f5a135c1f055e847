import { ElMessage, ElMessageBox } from 'element-plus'
import { useI18n } from 'vue-i18n'
import { cancelBooking, checkIn, checkOut } from '@/api/bookings'
import { ApiError } from '@/api/http'
import { useRuleText } from '@/composables/useRuleText'
import type { Booking } from '@/types'

/** canCheckIn reports whether a booking may be checked in now: confirmed, and from the grace
 * window before its start until its end (the server decides exactly; this only hides the button). */
export function canCheckIn(b: Booking, now: number, graceMinutes = 15): boolean {
  return (
    b.status === 'confirmed' &&
    now >= Date.parse(b.start_at) - graceMinutes * 60_000 &&
    now < Date.parse(b.end_at)
  )
}

/** canCancel reports whether the owner may still cancel: pending or confirmed, not yet started. */
export function canCancel(b: Booking, now: number): boolean {
  return (b.status === 'pending' || b.status === 'confirmed') && now < Date.parse(b.start_at)
}

/** useBookingActions runs the owner's actions on a booking, confirming where it costs something.
 * Each returns whether it was done; the client has already shown why when it was not. */
export function useBookingActions(done: (b: Booking) => void) {
  const { t } = useI18n()
  const { duration } = useRuleText()

  async function run(action: () => Promise<Booking>, message: string): Promise<boolean> {
    try {
      done(await action())
    } catch (err) {
      if (err instanceof ApiError) return false
      throw err
    }
    ElMessage.success(t(message))
    return true
  }

  async function cancel(b: Booking, deadlineMinutes = 120): Promise<boolean> {
    try {
      await ElMessageBox.confirm(
        t('booking.cancelConfirm', { t: duration(deadlineMinutes) }),
        t('booking.cancel'),
        {
          type: 'warning',
          confirmButtonText: t('booking.cancel'),
          cancelButtonText: t('common.back'),
        },
      )
    } catch {
      return false
    }
    return run(() => cancelBooking(b.id), 'booking.cancelled')
  }

  const start = (b: Booking) => run(() => checkIn(b.id), 'booking.checkedInOk')
  const finish = (b: Booking) => run(() => checkOut(b.id), 'booking.checkedOutOk')

  return { cancel, start, finish }
}
