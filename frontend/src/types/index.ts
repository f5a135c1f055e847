// Names for the API's shapes, all taken from the generated api.d.ts so the UI cannot drift from
// the server's document. Regenerate with `npm run gen:types` when the document changes.
import type { components, paths } from './api'

type Schemas = components['schemas']
type Method = 'get' | 'post' | 'put' | 'patch' | 'delete'
type Operation<P extends keyof paths, M extends Method> = NonNullable<paths[P][M]>

/** JSONBody is the JSON request body of an operation. */
export type JSONBody<P extends keyof paths, M extends Method> =
  Operation<P, M> extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never

/** QueryOf is the query parameters of an operation. */
export type QueryOf<P extends keyof paths, M extends Method> =
  Operation<P, M> extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never

/** JSONAnswer is the JSON body of an operation's 200 answer. */
export type JSONAnswer<P extends keyof paths, M extends Method> =
  Operation<P, M> extends { responses: { 200: { content: { 'application/json': infer A } } } } ? A : never

/** Filter is a query as a search form holds it: every field optional, '' for "any". */
export type Filter<Q> = { [K in keyof Q]?: Q[K] | '' }

/** List is the shape of every paginated answer. */
export interface List<T> {
  items: T[]
  total: number
}

export type User = Schemas['User']
export type Role = User['role']
/** hasRole reports whether a role is one of roles; a consortium administrator counts as the
 * manager of every facility of their consortium, so a list naming managers admits them too. */
export function hasRole(role: Role, roles: readonly Role[]): boolean {
  return roles.includes(role) || (role === 'consortium_admin' && roles.includes('manager'))
}
/** Permission is a permission code (module:resource:action) of `GET /me`; routes and buttons name them. */
export type Permission = Schemas['Permission']
export type Login = Schemas['Login']
export type RegisterBody = JSONBody<'/api/v1/auth/register', 'post'>
export type LoginBody = JSONBody<'/api/v1/auth/login', 'post'>
export type ChangePasswordBody = JSONBody<'/api/v1/me/password', 'post'>
export type Settings = Schemas['Settings']
export type SSOProviderButton = Schemas['SSOProviderButton']
export type SSOProvider = Schemas['SSOProvider']
export type SSOProviderInput = Schemas['SSOProviderInput']

export type OpeningInterval = Schemas['OpeningInterval']
export type Rules = Schemas['Rules']
export type FacilityKind = Schemas['FacilityKind']
export type Facility = Schemas['Facility']
export type FacilityPatch = Schemas['FacilityPatch']
export type Consortium = Schemas['Consortium']
export type ConsortiumDetail = Schemas['ConsortiumDetail']
export type ConsortiumInput = Schemas['ConsortiumInput']
export type ConsortiumPatch = Schemas['ConsortiumPatch']
export type Organization = Schemas['Organization']
export type OrganizationKind = Organization['kind']
export type Cluster = Schemas['Cluster']
export type ResourceStatus = Schemas['ResourceStatus']
export type Resource = Schemas['Resource']
export type ResourcePatch = Schemas['ResourcePatch']
export type Qualification = Schemas['Qualification']
export type FreeInterval = Schemas['FreeInterval']
export type Availability = JSONAnswer<'/api/v1/resources/{id}/availability', 'get'>
/** ClosedInterval is time the user cannot book, with the rule that closes it. */
export type ClosedInterval = Availability['closed'][number]
export type FacilitySchedule = JSONAnswer<'/api/v1/facilities/{id}/schedule', 'get'>
export type BusyInterval = Schemas['BusyInterval']
export type BookingQuote = Schemas['BookingQuote']
export type PriceType = BookingQuote['price_type']
export type Booking = Schemas['Booking']
/** BookingAction is what the caller may do to a booking now; the server lists them on each booking. */
export type BookingAction = Schemas['BookingAction']
export type BookingBody = JSONBody<'/api/v1/bookings', 'post'>
export type BookingQuery = QueryOf<'/api/v1/bookings', 'get'>
export type PurposeCategory = BookingBody['purpose_category']
export type RecurringBody = JSONBody<'/api/v1/bookings/recurring', 'post'>
export type RecurringBooking = Schemas['RecurringBooking']
export type Occurrence = RecurringBooking['occurrences'][number]
export type WatchBody = JSONBody<'/api/v1/resources/{id}/watches', 'post'>
export type Watch = Schemas['Watch']
export type Blackout = Schemas['Blackout']
export type BlackoutInput = Schemas['BlackoutInput']
/** AffectedBookings are the bookings a change that closes time would touch (409 bookings_affected). */
export type AffectedBookings = Schemas['AffectedBookings']
export type Notification = Schemas['Notification']
export type NotificationSettings = Schemas['NotificationSettings']
export type NotificationSettingsBody = JSONBody<'/api/v1/me/notification-settings', 'put'>
export type ScanState = Schemas['ScanState']
export type Credit = Schemas['Credit']
export type DeviceToken = Schemas['DeviceToken']
export type Usage = Schemas['Usage']
export type Course = Schemas['Course']
export type CourseLevel = Course['level']
export type CourseStatus = Course['status']
export type CourseBody = JSONBody<'/api/v1/courses', 'post'>
export type CoursePatch = JSONBody<'/api/v1/courses/{id}', 'patch'>
export type CourseQuery = QueryOf<'/api/v1/courses', 'get'>
export type Session = Schemas['CourseSession']
/** SessionAction is what the caller may do to a session now; the server lists them on each one. */
export type SessionAction = Session['actions'][number]
export type Audience = Session['audience']
export type Meeting = Session['meetings'][number]
export type SessionBody = JSONBody<'/api/v1/course-sessions', 'post'>
export type SessionPatch = JSONBody<'/api/v1/course-sessions/{id}', 'patch'>
export type SessionQuery = QueryOf<'/api/v1/course-sessions', 'get'>
export type Enrollment = Schemas['Enrollment']
export type EnrollmentStatus = Schemas['EnrollmentStatus']
/** EnrollmentAction is what the caller may do to an enrolment now, from the enrolment machine. */
export type EnrollmentAction = Schemas['EnrollmentAction']
export type RosterEntry = Schemas['RosterEntry']
export type Result = JSONBody<'/api/v1/enrollments/{id}/result', 'post'>['result']
export type CourseRef = Schemas['CourseRef']
export type SigninCode = Schemas['SigninCode']
export type Certificate = Schemas['Certificate']
export type Verification = Schemas['Verification']
export type LearningRecord = Schemas['LearningRecord']
export type RecordCourse = Schemas['RecordCourse']
export type RecordQualification = Schemas['RecordQualification']
export type Job = Schemas['Job']
export type JobRun = Schemas['JobRun']
export type AdminUser = Schemas['AdminUser']
export type AdminUserInput = Schemas['AdminUserInput']
export type AdminUserPatch = Schemas['AdminUserPatch']
export type AdminUserQuery = QueryOf<'/api/v1/admin/users', 'get'>
export type AuditLog = Schemas['AuditLog']
export type AuditFilter = Omit<QueryOf<'/api/v1/admin/audit-logs', 'get'>, 'page' | 'page_size'>
export type RetentionPolicy = JSONAnswer<'/api/v1/admin/retention', 'get'>['items'][number]
export type Statement = Schemas['Statement']
export type StatementDetail = Schemas['StatementDetail']
export type Charge = Schemas['Charge']
export type AdjustmentInput = Schemas['AdjustmentInput']
export type StatementQuery = QueryOf<'/api/v1/billing/statements', 'get'>
export type ChargeQuery = QueryOf<'/api/v1/billing/charges', 'get'>

/** BookingStatus lists the statuses the UI knows; the API may add others (it sends a string). */
export type BookingStatus =
  | 'pending'
  | 'confirmed'
  | 'checked_in'
  | 'completed'
  | 'cancelled'
  | 'rejected'
  | 'no_show'
  | 'held'
  | 'expired'

// Technical services (共性技术服务): offerings, requests and their thread. Named from the paths, so
// they follow the document whatever its schemas are called.
export type ServiceOfferingQuery = QueryOf<'/api/v1/service-offerings', 'get'>
export type ServiceOffering = JSONAnswer<'/api/v1/service-offerings', 'get'>['items'][number]
export type ServiceOfferingDetail = JSONAnswer<'/api/v1/service-offerings/{id}', 'get'>
export type ServiceOfferingBody = JSONBody<'/api/v1/service-offerings', 'post'>
export type ServiceOfferingPatch = JSONBody<'/api/v1/service-offerings/{id}', 'patch'>
export type PriceBasis = ServiceOffering['price_basis']
export type ServiceRatingEntry = ServiceOfferingDetail['ratings'][number]
export type ServiceRequestQuery = QueryOf<'/api/v1/service-requests', 'get'>
export type ServiceRequest = JSONAnswer<'/api/v1/service-requests', 'get'>['items'][number]
export type ServiceRequestDetail = JSONAnswer<'/api/v1/service-requests/{id}', 'get'>
export type ServiceRequestBody = JSONBody<'/api/v1/service-requests', 'post'>
export type ServiceRequestStatus = ServiceRequest['status']
/** ServiceAction is what the caller may do to a request now; the server lists them on each one. */
export type ServiceAction = ServiceRequest['actions'][number]
export type ServiceFlag = ServiceRequest['flags'][number]
export type ServiceQuote = ServiceRequestDetail['quotes'][number]
export type ServiceQuoteBody = JSONBody<'/api/v1/service-requests/{id}/quotes', 'post'>
export type ServiceEvent = ServiceRequestDetail['events'][number]
export type ServiceBooking = ServiceRequestDetail['bookings'][number]
export type ServiceAttachment = ServiceRequestDetail['attachments'][number]
export type ServiceRating = NonNullable<ServiceRequestDetail['rating']>
export type ServiceMessage = JSONAnswer<'/api/v1/service-requests/{id}/messages', 'get'>['items'][number]
export type ServiceUnread = JSONAnswer<'/api/v1/me/service-unread', 'get'>

// Utilization reports: a scope's figures per period, its resources, its idle ones, its heat map.
export type Utilization = JSONAnswer<'/api/v1/reports/utilization', 'get'>
export type UtilizationFigures = Utilization['totals']
export type ReportScope = Utilization['scope']
export type ReportPeriod = Utilization['period']
export type ReportResources = JSONAnswer<'/api/v1/reports/resources', 'get'>
export type ResourceFigures = ReportResources['rows'][number]
export type IdleResources = JSONAnswer<'/api/v1/reports/idle', 'get'>
export type IdleResource = IdleResources['rows'][number]
export type HeatMap = JSONAnswer<'/api/v1/reports/heatmap', 'get'>

// The league table (赛马比拼).
export type League = Schemas['League']
export type LeagueRow = Schemas['LeagueRow']
export type LeagueWeights = Schemas['LeagueWeights']
export type LeagueIndicators = Schemas['LeagueIndicators']
export type LeagueIndicator = keyof LeagueIndicators
export type LeagueQuery = QueryOf<'/api/v1/league', 'get'>
export type LeagueWeightsInput = JSONBody<'/api/v1/league/weights', 'put'>
export type Governance = Schemas['Governance']
export type Seat = Schemas['Seat']
export type SeatInput = Schemas['SeatInput']
export type GoverningBody = Schemas['GoverningBody']
export type Charter = Schemas['Charter']
export type CharterInput = Schemas['CharterInput']
export type Goal = Schemas['Goal']
export type GoalsInput = Schemas['GoalsInput']
