import { ElMessage, ElMessageBox } from 'element-plus'
import { ref } from 'vue'
import { cancelBooking, cancelSeries, checkIn, checkOut, confirmHold } from '@/api/bookings'
import { ApiError } from '@/api/http'
import { usePrompt } from '@/composables/usePrompt'
import { useRuleText } from '@/composables/useRuleText'
import type { MessageKey } from '@/locales'
import { useI18n } from '@/locales'
import type { Booking } from '@/types'

/** useBookingActions runs the owner's actions on a booking, confirming where it costs something.
 * Which of them a booking offers is the server's word, in `booking.actions`; each returns whether
 * it was done, and the client has already shown why when it was not. While one runs, `busy` is up
 * (its buttons bind it) and another does nothing, so a double tap acts once. */
export function useBookingActions(done: (b: Booking) => void) {
  const { t } = useI18n()
  const { duration } = useRuleText()
  const ask = usePrompt()
  const busy = ref(false)

  /** send runs one request at a time; false when another runs or the server refused. */
  async function send<T>(request: () => Promise<T>): Promise<T | null> {
    if (busy.value) return null
    busy.value = true
    try {
      return await request()
    } catch (err) {
      if (err instanceof ApiError) return null
      throw err
    } finally {
      busy.value = false
    }
  }

  async function run(action: () => Promise<Booking>, message: MessageKey): Promise<boolean> {
    const b = await send(action)
    if (!b) return false
    done(b)
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

  /** confirm takes a slot held after a watch, asking for the purpose when the watch gave none. */
  async function confirm(b: Booking): Promise<boolean> {
    const purpose = b.purpose || (await ask(t('booking.purpose'), t('booking.confirmHold')))
    if (!purpose) return false
    return run(() => confirmHold(b.id, { purpose }), 'booking.holdConfirmed')
  }

  /** cancelRest cancels this occurrence of a series and every later one. */
  async function cancelRest(b: Booking): Promise<boolean> {
    if (b.recurrence_id === null) return false
    const series = b.recurrence_id
    try {
      await ElMessageBox.confirm(t('booking.cancelSeriesConfirm'), t('booking.cancelSeries'), {
        type: 'warning',
        confirmButtonText: t('booking.cancelSeries'),
        cancelButtonText: t('common.back'),
      })
    } catch {
      return false
    }
    if ((await send(() => cancelSeries(series, b.start_at))) === null) return false
    done(b)
    ElMessage.success(t('booking.cancelled'))
    return true
  }

  return { busy, cancel, start, finish, confirm, cancelRest }
}
