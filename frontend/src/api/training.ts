// Training bases: courses, sessions, enrolments, rosters, sign-in, certificates, learning records.
import type {
  CourseBody,
  CoursePatch,
  CourseQuery,
  EnrollmentStatus,
  Filter,
  LearningRecord,
  Result,
  SessionBody,
  SessionPatch,
  SessionQuery,
} from '@/types'
import { compact, http } from './http'

const byID = (id: number) => ({ params: { path: { id } } })

export const listCourses = (q: Filter<CourseQuery>) =>
  http.GET('/api/v1/courses', { params: { query: compact(q) } })
export const getCourse = (id: number) => http.GET('/api/v1/courses/{id}', byID(id))
/** createCourse and updateCourse leave their refusals to the form. */
export const createCourse = (body: CourseBody) => http.POST('/api/v1/courses', { body, quiet: true })
export const updateCourse = (id: number, body: CoursePatch) =>
  http.PATCH('/api/v1/courses/{id}', { ...byID(id), body, quiet: true })

export const listSessions = (q: Filter<SessionQuery>) =>
  http.GET('/api/v1/course-sessions', { params: { query: compact(q) } })
export const getSession = (id: number) => http.GET('/api/v1/course-sessions/{id}', byID(id))
/** createSession and updateSession leave their refusals (a taken room names its meeting) to the form. */
export const createSession = (body: SessionBody) =>
  http.POST('/api/v1/course-sessions', { body, quiet: true })
export const updateSession = (id: number, body: SessionPatch) =>
  http.PATCH('/api/v1/course-sessions/{id}', { ...byID(id), body, quiet: true })
/** cancelSession releases the room, ends the enrolments and tells the trainees. */
export const cancelSession = (id: number, reason: string) =>
  http.POST('/api/v1/course-sessions/{id}/cancel', { ...byID(id), body: { reason } })

/** enroll takes a seat or a waitlist place; the refusal (audience, prerequisites, window) is
 * shown by the caller beside the session. */
export const enroll = (sessionID: number) =>
  http.POST('/api/v1/course-sessions/{id}/enrollments', { ...byID(sessionID), body: {}, quiet: true })
/** myEnrollments lists one's enrolments, the latest session first; of one status when given. */
export const myEnrollments = (q: { status?: EnrollmentStatus | ''; page?: number; page_size?: number }) =>
  http.GET('/api/v1/me/enrollments', { params: { query: compact(q) } })
export const cancelEnrollment = (id: number) => http.POST('/api/v1/enrollments/{id}/cancel', byID(id))
/** moveEnrollment moves a trainee to another session of the course; the dialog shows a refusal. */
export const moveEnrollment = (id: number, sessionID: number) =>
  http.POST('/api/v1/enrollments/{id}/move', { ...byID(id), body: { session_id: sessionID }, quiet: true })
/** markResult records attended, absent or passed (with the score where the course has a pass score). */
export const markResult = (id: number, result: Result, score?: number | null) =>
  http.POST('/api/v1/enrollments/{id}/result', {
    ...byID(id),
    body: score == null ? { result } : { result, score },
    quiet: true,
  })
/** roster lists a session's seat holders, then its waitlist in order, with their attendance. */
export const roster = (sessionID: number) =>
  http.GET('/api/v1/course-sessions/{id}/enrollments', {
    params: { path: { id: sessionID }, query: { page_size: 100 } },
  })

/** signinCode is the current meeting's rotating code; quiet, since the screen says when there is none. */
export const signinCode = (sessionID: number) =>
  http.GET('/api/v1/course-sessions/{id}/signin-code', { ...byID(sessionID), quiet: true })
/** signIn marks the caller present with the code they typed; the page shows a refusal itself. */
export const signIn = (code: string, sessionID?: number) =>
  http.POST('/api/v1/signin', { body: sessionID ? { code, session_id: sessionID } : { code }, quiet: true })
/** setAttendance marks or corrects a trainee's attendance at one meeting. */
export const setAttendance = (enrollmentID: number, meetingID: number, present: boolean) =>
  http.PUT('/api/v1/enrollments/{id}/attendance/{meeting_id}', {
    params: { path: { id: enrollmentID, meeting_id: meetingID } },
    body: { present },
  })

export const getCertificate = (id: number) => http.GET('/api/v1/certificates/{id}', byID(id))
/** verifyCertificate is the public check of a code; quiet, since the page says "unknown" itself. */
export const verifyCertificate = (code: string) =>
  http.GET('/api/v1/verify/{code}', { params: { path: { code } }, quiet: true })

/** myLearningRecord is one's learning record (终身学习档案): courses, hours, results,
 * qualifications. The operation also answers CSV and XLSX; asked for JSON, it is the record. */
export const myLearningRecord = () =>
  http.GET('/api/v1/me/learning-record', { params: { query: { format: 'json' } } }) as Promise<LearningRecord>

/** learningRecordURL is the address of one's learning record file, for a download link. */
export const learningRecordURL = (format: 'csv' | 'xlsx') => `/api/v1/me/learning-record?format=${format}`

/** signinQRURL is the address of the QR code of a session's current sign-in link; the code in
 * the query only makes each minute's picture a new one for the browser. */
export const signinQRURL = (sessionID: number, code: string) =>
  `/api/v1/course-sessions/${sessionID}/signin-qr.svg?v=${encodeURIComponent(code)}`

/** certificateQRURL is the address of the QR code of a certificate's public verification page. */
export const certificateQRURL = (id: number) => `/api/v1/certificates/${id}/qr.svg`
