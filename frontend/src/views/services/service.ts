// What the services screens compute rather than show: amounts between yuan and fen, the buttons a
// request's `actions` give, the checks of the forms, and the service-level figures.
import type { PriceBasis, ServiceAction, ServiceFlag, ServiceRequestStatus } from '@/types'

/** PRICE_BASES are the ways an offering is priced, in the order the filters list them. */
export const PRICE_BASES: readonly PriceBasis[] = ['fixed', 'per_sample', 'per_hour', 'by_quote']

/** STATUSES are a request's states in the order of the workflow, the ends last. */
export const STATUSES: readonly ServiceRequestStatus[] = [
  'submitted',
  'quoted',
  'accepted',
  'in_progress',
  'delivered',
  'closed',
  'rejected',
  'declined',
  'cancelled',
]

/** toFen turns an amount in yuan (as typed, up to two decimals) into integer fen, or null when
 * it is not one: never through a float product, so 0.29 yuan is 29 fen and not 28. */
export function toFen(yuan: string | number | null | undefined): number | null {
  if (yuan === null || yuan === undefined) return null
  const s = String(yuan)
    .trim()
    .replace(/[,，\s]/g, '')
  const m = /^(-?)(\d+)(?:\.(\d{0,2}))?$/.exec(s)
  if (!m) return null
  const fen = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'))
  return m[1] ? -fen : fen
}

/** toYuan is the amount in fen as yuan for an input box ("12.50"). */
export function toYuan(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return ''
  const sign = fen < 0 ? '-' : ''
  const abs = Math.abs(fen)
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`
}

/** StepKind says how a button takes its action: at once, after a confirmation, or through a
 * dialog (a note, the quote form, the booking form). */
export type StepKind = 'direct' | 'confirm' | 'note' | 'quote' | 'reserve' | 'deliver'

/** Step is one button of a request's toolbar. */
export interface Step {
  action: ServiceAction
  kind: StepKind
  type: 'primary' | 'success' | 'warning' | 'danger' | 'default'
  /** noteRequired is true when the server refuses the action without a note. */
  noteRequired: boolean
}

// The toolbar's buttons, in the order they stand; message, rate and reply have sections of their own.
const STEPS: readonly Step[] = [
  { action: 'accept', kind: 'confirm', type: 'primary', noteRequired: false },
  { action: 'quote', kind: 'quote', type: 'primary', noteRequired: false },
  { action: 'start', kind: 'confirm', type: 'primary', noteRequired: false },
  { action: 'reserve', kind: 'reserve', type: 'default', noteRequired: false },
  { action: 'deliver', kind: 'deliver', type: 'primary', noteRequired: true },
  { action: 'confirm', kind: 'confirm', type: 'success', noteRequired: false },
  { action: 'request_revision', kind: 'note', type: 'warning', noteRequired: true },
  { action: 'decline', kind: 'note', type: 'default', noteRequired: false },
  { action: 'reject', kind: 'note', type: 'danger', noteRequired: true },
  { action: 'cancel', kind: 'confirm', type: 'danger', noteRequired: false },
]

/** stepsFor is the toolbar for the actions the server allows now; an action it does not list
 * has no button, and one the UI does not know is left out. */
export function stepsFor(actions: readonly string[]): Step[] {
  return STEPS.filter((s) => actions.includes(s.action))
}

/** FlagLevel is how loud an overdue flag is. */
export const flagType = (f: ServiceFlag): 'danger' | 'warning' => (f === 'due_overdue' ? 'danger' : 'warning')

/** statusType is the colour of a request's status tag. */
export function statusType(s: ServiceRequestStatus): 'primary' | 'success' | 'warning' | 'danger' | 'info' {
  switch (s) {
    case 'submitted':
    case 'quoted':
      return 'warning'
    case 'accepted':
    case 'in_progress':
      return 'primary'
    case 'delivered':
    case 'closed':
      return 'success'
    case 'rejected':
      return 'danger'
    default:
      return 'info'
  }
}

/** RequestForm is the request form as it is typed. */
export interface RequestForm {
  title: string
  description: string
  quantity: number
  desired_date: string
  contact_name: string
  contact_phone: string
  contact_email: string
}

/** requestProblems are the form's own checks before it is sent, by field: what is missing or
 * malformed (the server checks everything again and answers 422 with the same field names). */
export function requestProblems(f: RequestForm, today: string): Partial<Record<keyof RequestForm, string>> {
  const out: Partial<Record<keyof RequestForm, string>> = {}
  if (!f.title.trim()) out.title = 'required'
  if (!f.description.trim()) out.description = 'required'
  if (!Number.isInteger(f.quantity) || f.quantity < 1) out.quantity = 'min'
  if (f.desired_date && f.desired_date < today) out.desired_date = 'past'
  if (!f.contact_name.trim()) out.contact_name = 'required'
  if (!f.contact_phone.trim()) out.contact_phone = 'required'
  else if (!/^[+\d][\d\s-]{5,19}$/.test(f.contact_phone.trim())) out.contact_phone = 'phone'
  if (!f.contact_email.trim()) out.contact_email = 'required'
  else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(f.contact_email.trim())) out.contact_email = 'email'
  return out
}

/** commentRequired is true for a score that must come with a comment (1 or 2 stars). */
export const commentRequired = (score: number) => score >= 1 && score <= 2

/** QuoteForm is the quote dialog as it is typed: the amount in yuan. */
export interface QuoteForm {
  yuan: string
  due_date: string
  terms: string
  valid_until: string
}

/** quoteProblems are the quote dialog's own checks, by field of the API. */
export function quoteProblems(f: QuoteForm, today: string, now: Date): Partial<Record<string, string>> {
  const out: Partial<Record<string, string>> = {}
  const fen = toFen(f.yuan)
  if (fen === null) out.amount_fen = 'amount'
  else if (fen < 0) out.amount_fen = 'negative'
  if (!f.due_date) out.due_date = 'required'
  else if (f.due_date < today) out.due_date = 'past'
  if (!f.valid_until) out.valid_until = 'required'
  else if (Date.parse(f.valid_until) <= now.getTime()) out.valid_until = 'past'
  return out
}

/** Duration is a number of working minutes split for wording: days of 8 working hours are not
 * assumed, so it is hours and minutes. */
export function splitMinutes(minutes: number): { h: number; m: number } {
  const n = Math.max(0, Math.round(minutes))
  return { h: Math.floor(n / 60), m: n % 60 }
}

/** onTime tells whether a delivery met its due time: null while either is unknown. */
export function onTime(deliveredAt: string | null, dueAt: string | null): boolean | null {
  if (!deliveredAt || !dueAt) return null
  return Date.parse(deliveredAt) <= Date.parse(dueAt)
}

/** fileSize words a size in bytes as KB or MB with one decimal. */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}
