// Training bases: courses, sessions, enrolments, rosters, sign-in, certificates, learning records.
import type { LearningRecord, List } from '@/types'
import { type CallOptions, http } from './http'

// The shapes of the training contract; they give way to the generated types once the server's
// document has the training paths.
export type CourseLevel = 'beginner' | 'intermediate' | 'advanced'
export type CourseStatus = 'draft' | 'published' | 'archived'
export type Audience = 'open' | 'consortium' | 'organizations'
export type EnrollmentStatus = 'enrolled' | 'waitlisted' | 'cancelled' | 'attended' | 'absent' | 'passed'
export type SessionAction = 'enroll' | 'join_waitlist' | 'edit' | 'cancel' | 'roster' | 'signin_code'
export type EnrollmentAction = 'cancel' | 'move' | 'mark_result' | 'mark_attendance'
export type Result = 'attended' | 'absent' | 'passed'

export interface Prerequisite {
  course_id?: number
  course_title?: string
  qualification_id?: number
  qualification_name?: string
}

export interface Course {
  id: number
  facility_id: number
  facility_name: string
  title: string
  title_en: string
  description: string
  cluster_id: number | null
  level: CourseLevel
  hours: number
  gives_certificate: boolean
  qualification_id: number | null
  qualification_name: string | null
  qualification_valid_months: number | null
  pass_score: number | null
  status: CourseStatus
  prerequisites: Prerequisite[]
  next_session_start_at: string | null
  seats_left: number
  actions: ('edit' | 'add_session')[]
}

export interface CourseBody {
  facility_id: number
  title: string
  title_en?: string
  description: string
  cluster_id?: number | null
  level: CourseLevel
  hours: number
  gives_certificate: boolean
  qualification_id?: number | null
  qualification_valid_months?: number | null
  pass_score?: number | null
  prerequisites?: { course_id?: number; qualification_id?: number }[]
  status?: CourseStatus
}

export interface Meeting {
  id: number
  start_at: string
  end_at: string
  booking_id: number | null
}

export interface Session {
  id: number
  course_id: number
  course_title: string
  facility_id: number
  facility_name: string
  room_resource_id: number | null
  room_name: string | null
  instructor_id: number
  instructor_name: string
  seats: number
  enrolled_count: number
  waitlist_count: number
  seats_left: number
  start_at: string
  end_at: string
  meetings: Meeting[]
  enroll_opens_at: string
  enroll_closes_at: string
  cancel_deadline: string
  enrollment_open: boolean
  enrollment_closed: boolean
  audience: Audience
  organization_ids: number[]
  fee_internal_fen: number | null
  fee_consortium_fen: number | null
  fee_outside_fen: number | null
  my_fee_fen: number | null
  status: 'scheduled' | 'cancelled'
  note: string
  my_enrollment: { id: number; status: EnrollmentStatus; position: number | null } | null
  actions: SessionAction[]
}

export interface SessionBody {
  course_id: number
  instructor_id: number
  seats: number
  meetings: { start_at: string; end_at: string }[]
  room_resource_id?: number | null
  enroll_opens_at?: string
  enroll_closes_at?: string
  cancel_deadline?: string
  audience: Audience
  organization_ids?: number[]
  fee_internal_fen?: number | null
  fee_consortium_fen?: number | null
  fee_outside_fen?: number | null
  note?: string
  enrollment_closed?: boolean
}

export interface Enrollment {
  id: number
  session_id: number
  user_id: number
  user_name: string
  status: EnrollmentStatus
  position: number | null
  seat_no: number | null
  fee_fen: number | null
  score: number | null
  result_at: string | null
  created_at: string
  promoted_at: string | null
  cancelled_at: string | null
  session: {
    id: number
    course_id: number
    course_title: string
    start_at: string
    end_at: string
    facility_name: string
    room_name: string | null
  }
  certificate_id: number | null
  actions: EnrollmentAction[]
}

export interface RosterEntry extends Enrollment {
  user_email: string
  organization_name: string | null
  attendance: { meeting_id: number; present: boolean; method: string }[]
}

export interface CourseQuery {
  q?: string
  cluster_id?: number | ''
  facility_id?: number | ''
  level?: CourseLevel | ''
  from?: string
  to?: string
  has_seats?: boolean | ''
  page?: number
  page_size?: number
}

export interface SessionQuery {
  course_id?: number
  facility_id?: number
  instructor_id?: number
  mine_to_teach?: boolean
  from?: string
  to?: string
  page?: number
  page_size?: number
}

// Until the server's document lists the training paths, these call the client without the
// document's types; each function below names what it answers.
type Init = CallOptions & { params?: { query?: object }; body?: object }
const get = <T>(path: string, init: Init = {}) => http.GET(path as never, init as never) as Promise<T>
const post = <T>(path: string, init: Init = {}) => http.POST(path as never, init as never) as Promise<T>
const patch = <T>(path: string, init: Init = {}) => http.PATCH(path as never, init as never) as Promise<T>
const byID = (id: number) => ({ params: { path: { id } } })
const query = (q: object) => ({
  params: { query: Object.fromEntries(Object.entries(q).filter(([, v]) => v !== '' && v != null)) },
})

export const listCourses = (q: CourseQuery) => get<List<Course>>('/api/v1/courses', query(q))
export const getCourse = (id: number) => get<Course>(`/api/v1/courses/${id}`)
/** createCourse and updateCourse show their refusals in the form. */
export const createCourse = (body: CourseBody) => post<Course>('/api/v1/courses', { body, quiet: true })
export const updateCourse = (id: number, body: Partial<CourseBody>) =>
  patch<Course>(`/api/v1/courses/${id}`, { body, quiet: true })

export const listSessions = (q: SessionQuery) => get<List<Session>>('/api/v1/course-sessions', query(q))
export const getSession = (id: number) => get<Session>(`/api/v1/course-sessions/${id}`)
export const createSession = (body: SessionBody) =>
  post<Session>('/api/v1/course-sessions', { body, quiet: true })
export const updateSession = (id: number, body: Partial<SessionBody>) =>
  patch<Session>(`/api/v1/course-sessions/${id}`, { body, quiet: true })
export const cancelSession = (id: number, reason: string) =>
  post<Session>(`/api/v1/course-sessions/${id}/cancel`, { body: { reason } })

/** enroll takes a seat or a waitlist place; the refusal (audience, prerequisites, window) is
 * shown by the caller beside the session. */
export const enroll = (sessionID: number, userID?: number) =>
  post<Enrollment>(`/api/v1/course-sessions/${sessionID}/enrollments`, {
    body: userID ? { user_id: userID } : {},
    quiet: true,
  })
/** myEnrollments lists one's enrolments, the latest session first; of one status when given. */
export const myEnrollments = (q: { status?: EnrollmentStatus | ''; page?: number; page_size?: number }) =>
  get<List<Enrollment>>('/api/v1/me/enrollments', query(q))
export const cancelEnrollment = (id: number) => post<Enrollment>(`/api/v1/enrollments/${id}/cancel`)
export const moveEnrollment = (id: number, sessionID: number) =>
  post<Enrollment>(`/api/v1/enrollments/${id}/move`, { body: { session_id: sessionID }, quiet: true })
export const markResult = (id: number, result: Result, score?: number | null) =>
  post<Enrollment>(`/api/v1/enrollments/${id}/result`, {
    body: score == null ? { result } : { result, score },
    quiet: true,
  })
export const roster = (sessionID: number) =>
  get<List<RosterEntry>>(`/api/v1/course-sessions/${sessionID}/enrollments`, query({ page_size: 100 }))

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

export const myCertificates = () =>
  http.GET('/api/v1/me/certificates', { params: { query: { page_size: 100 } } })
export const getCertificate = (id: number) => http.GET('/api/v1/certificates/{id}', byID(id))
/** revokeCertificate revokes with a reason; the dialog shows a refusal. */
export const revokeCertificate = (id: number, reason: string) =>
  http.POST('/api/v1/certificates/{id}/revoke', { ...byID(id), body: { reason }, quiet: true })
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
