import { ElMessage, ElMessageBox } from 'element-plus'
import { ref, shallowRef } from 'vue'
import { ApiError } from '@/api/http'
import { cancelEnrollment, enroll } from '@/api/training'
import { useI18n } from '@/locales'
import type { Enrollment } from '@/types'

/** MissingCourse is a course a refusal names (a prerequisite not passed), with its page. */
export interface MissingCourse {
  id: number
  title: string
  title_en?: string
}

/** MissingQualification is a qualification a refusal names (prerequisite_missing). */
export interface MissingQualification {
  id: number
  name: string
}

function named<T extends { id: number }>(v: unknown): T[] {
  return Array.isArray(v)
    ? v.filter((c): c is T => typeof c === 'object' && c !== null && typeof (c as T).id === 'number')
    : []
}

/** refusalCourses reads the courses a refusal names in its details: the prerequisites not yet
 * passed (prerequisite_missing), or those that grant a machine's qualification. */
export const refusalCourses = (err: ApiError | null) => named<MissingCourse>(err?.details.courses)

/** refusalQualifications reads the qualifications a refusal names as missing. */
export const refusalQualifications = (err: ApiError | null) =>
  named<MissingQualification>(err?.details.qualifications)

/**
 * useEnroll takes and gives back a seat or a waitlist place in a session. The server decides
 * which (a seat, or the waitlist's next place) and whether at all; a refusal stays on screen
 * beside the session (`refusal`, keyed by session), as the server words it.
 */
export function useEnroll(done: () => void) {
  const { t } = useI18n()
  const busy = ref(false)
  const refusal = shallowRef<{ sessionID: number; error: ApiError } | null>(null)

  async function join(sessionID: number): Promise<Enrollment | null> {
    if (busy.value) return null
    busy.value = true
    refusal.value = null
    try {
      const e = await enroll(sessionID)
      ElMessage.success(
        e.status === 'waitlisted'
          ? t('training.joinedWaitlist', { n: e.position ?? 0 })
          : t('training.enrolledOk'),
      )
      done()
      return e
    } catch (err) {
      if (!(err instanceof ApiError)) throw err
      refusal.value = { sessionID, error: err }
      return null
    } finally {
      busy.value = false
    }
  }

  async function leave(enrollmentID: number, waitlisted: boolean): Promise<boolean> {
    try {
      await ElMessageBox.confirm(
        t(waitlisted ? 'training.leaveWaitlistConfirm' : 'training.cancelConfirm'),
        t(waitlisted ? 'training.leaveWaitlist' : 'training.cancelEnrollment'),
        { type: 'warning', confirmButtonText: t('common.confirm'), cancelButtonText: t('common.back') },
      )
    } catch {
      return false
    }
    if (busy.value) return false
    busy.value = true
    try {
      await cancelEnrollment(enrollmentID)
      ElMessage.success(t('training.cancelledOk'))
      done()
      return true
    } catch (err) {
      if (err instanceof ApiError) return false
      throw err
    } finally {
      busy.value = false
    }
  }

  return { busy, refusal, join, leave }
}
