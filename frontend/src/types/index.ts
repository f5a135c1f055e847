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

/** List is the shape of every paginated answer. */
export interface List<T> {
  items: T[]
  total: number
}

export type User = Schemas['User']
export type Role = User['role']
export type Login = Schemas['Login']
export type RegisterBody = JSONBody<'/api/v1/auth/register', 'post'>
export type LoginBody = JSONBody<'/api/v1/auth/login', 'post'>
export type ChangePasswordBody = JSONBody<'/api/v1/me/password', 'post'>

// --- Shapes of the catalog and booking API, written from DESIGN.md until their documents land
// (then these become aliases of the generated schemas).

export interface Named {
  id: number
  name: string
}

export interface OpeningInterval {
  weekday: number
  start: string
  end: string
}

export interface QualificationRef {
  id: number
  code: string
  name: string
  name_en?: string | null
}

export interface Rules {
  slot_minutes: number
  min_minutes: number
  max_minutes: number
  max_advance_days: number
  min_lead_minutes: number
  buffer_minutes: number
  weekly_quota_minutes: number
  requires_approval: boolean
  qualification: QualificationRef | null
  cancel_deadline_minutes: number
  checkin_grace_minutes: number
  rate_internal_fen: number
  rate_external_fen: number
}

export type FacilityKind = 'practice_center' | 'tech_platform' | 'training_base'
export type ConsortiumLevel = 'national' | 'municipal' | 'park_led' | 'enterprise_led' | 'school_led'

export interface Facility {
  id: number
  consortium_id: number
  consortium_name: string
  consortium_name_en?: string | null
  consortium_level: ConsortiumLevel
  kind: FacilityKind
  name: string
  name_en?: string | null
  district: string
  address: string
  time_zone: string
  opening_hours: OpeningInterval[]
  default_rules: Rules
  description: string
  managers: Named[]
  resource_count: number
}

export interface Consortium {
  id: number
  name: string
  name_en?: string | null
  level: ConsortiumLevel
}

export interface Cluster {
  id: number
  code: string
  name: string
  name_en?: string | null
}

export type ResourceStatus = 'available' | 'maintenance' | 'retired'

export interface Resource {
  id: number
  facility_id: number
  facility_name: string
  facility_name_en?: string | null
  facility_kind: FacilityKind
  time_zone: string
  name: string
  name_en?: string | null
  category: string
  cluster: { code: string; name: string; name_en?: string | null } | null
  model: string
  asset_no: string
  capacity: number
  status: ResourceStatus
  description: string
  rules: Rules
}

export interface FreeInterval {
  start_at: string
  end_at: string
  free_seats: number
}

export type BookingStatus =
  'pending' | 'confirmed' | 'checked_in' | 'completed' | 'cancelled' | 'rejected' | 'no_show'
export type PurposeCategory = 'teaching' | 'research' | 'training' | 'social_service'

export interface Booking {
  id: number
  resource_id: number
  resource_name: string
  facility_id: number
  facility_name: string
  time_zone: string
  user_id: number
  user_name: string
  start_at: string
  end_at: string
  seats: number
  purpose: string
  purpose_category: PurposeCategory
  status: BookingStatus
  recurrence_id: number | null
  checked_in_at: string | null
  checked_out_at: string | null
  decision_note: string
  created_at: string
}

export interface BookingBody {
  resource_id: number
  start_at: string
  end_at: string
  seats?: number
  purpose: string
  purpose_category: PurposeCategory
}

export interface RecurringBody extends BookingBody {
  until?: string
  count?: number
  mode: 'all_or_nothing' | 'skip_conflicts'
}

export interface Occurrence {
  date: string
  start_at: string
  end_at: string
  outcome: string
  booking_id?: number | null
  code?: string
  reason?: string
}

export interface RecurringResult {
  recurrence_id: number
  occurrences: Occurrence[]
}

export interface Blackout {
  id: number
  facility_id: number
  resource_id: number | null
  kind: 'closure' | 'makeup_workday'
  start_at: string
  end_at: string
  reason: string
  resource_name?: string | null
}

export interface Notification {
  id: number
  kind: string
  title: string
  body: string
  data: Record<string, unknown>
  read_at: string | null
  created_at: string
}
