import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { i18n } from '@/locales'
import type { ServiceAction, ServiceQuote, ServiceRequestDetail } from '@/types'
import DeliverDialog from './DeliverDialog.vue'
import QuoteDialog from './QuoteDialog.vue'
import RequestSteps from './RequestSteps.vue'
import ReserveDialog from './ReserveDialog.vue'
import StepDialog from './StepDialog.vue'

const quote: ServiceQuote = {
  id: 3,
  amount_fen: 120050,
  due_date: '2026-12-12',
  terms: '',
  valid_until: '2026-12-09T15:59:59Z',
  status: 'offered',
  created_at: '2026-12-02T08:00:00Z',
}

function request(actions: ServiceAction[], over: Partial<ServiceRequestDetail> = {}): ServiceRequestDetail {
  return {
    id: 11,
    facility_id: 4,
    facility_name: '材料检测平台',
    facility_name_en: 'Materials testing platform',
    offering_id: 2,
    offering_name: '中性盐雾试验',
    offering_name_en: 'Neutral salt spray test',
    organization_id: 7,
    organization_name: '重庆锐能动力电池科技有限公司',
    requester_id: 5,
    requester_name: '赵明',
    title: '盐雾试验委托',
    status: 'submitted',
    quote: null,
    submitted_at: '2026-12-02T01:00:00Z',
    response_due_at: '2026-12-03T01:00:00Z',
    first_response_at: null,
    first_response_minutes: null,
    quoted_at: null,
    accepted_at: null,
    due_at: null,
    started_at: null,
    delivered_at: null,
    turnaround_minutes: null,
    closed_at: null,
    auto_closed: false,
    revision_count: 0,
    flags: [],
    unread_count: 0,
    actions,
    description: '三件试片',
    quantity: 3,
    desired_date: '',
    contact_name: '赵明',
    contact_phone: '023-6000 1234',
    contact_email: 'zhao@example.com',
    quotes: [],
    events: [],
    bookings: [],
    rating: null,
    attachments: [],
    ...over,
  }
}

const stubs = { StepDialog: true, QuoteDialog: true, ReserveDialog: true, DeliverDialog: true }
const mountSteps = (r: ServiceRequestDetail) =>
  mount(RequestSteps, { props: { request: r, resourceIds: [] }, global: { plugins: [i18n], stubs } })
const buttons = (r: ServiceRequestDetail) =>
  mountSteps(r)
    .findAll('[data-testid^="step-"]')
    .map((b) => b.attributes('data-testid'))

describe('RequestSteps', () => {
  it('shows the buttons of the actions the server lists, and none of the sections', () => {
    expect(buttons(request(['quote', 'reject', 'message']))).toEqual(['step-quote', 'step-reject'])
    expect(buttons(request(['accept', 'decline', 'cancel', 'message'], { status: 'quoted', quote }))).toEqual(
      ['step-accept', 'step-decline', 'step-cancel'],
    )
    expect(buttons(request(['start', 'reserve'], { status: 'accepted' }))).toEqual([
      'step-start',
      'step-reserve',
    ])
    expect(buttons(request(['confirm', 'request_revision', 'rate'], { status: 'delivered' }))).toEqual([
      'step-confirm',
      'step-request_revision',
    ])
    expect(buttons(request(['message', 'reply'], { status: 'closed' }))).toEqual([])
  })

  it('calls a second quote a revision', () => {
    expect(
      mountSteps(request(['quote']))
        .get('[data-testid="step-quote"]')
        .text(),
    ).toBe('报价')
    expect(
      mountSteps(request(['quote'], { status: 'quoted', quote }))
        .get('[data-testid="step-quote"]')
        .text(),
    ).toBe('修改报价')
  })

  it('opens the dialog each action needs', async () => {
    const w = mountSteps(request(['quote', 'reject', 'reserve', 'deliver', 'accept']))
    await w.get('[data-testid="step-reject"]').trigger('click')
    expect(w.findComponent(StepDialog).props()).toMatchObject({
      modelValue: true,
      step: { action: 'reject' },
    })
    await w.get('[data-testid="step-accept"]').trigger('click')
    expect(w.findComponent(StepDialog).props('step')).toMatchObject({ action: 'accept', kind: 'confirm' })
    await w.get('[data-testid="step-quote"]').trigger('click')
    expect(w.findComponent(QuoteDialog).props('modelValue')).toBe(true)
    await w.get('[data-testid="step-reserve"]').trigger('click')
    expect(w.findComponent(ReserveDialog).props()).toMatchObject({ modelValue: true, facilityId: 4 })
    await w.get('[data-testid="step-deliver"]').trigger('click')
    expect(w.findComponent(DeliverDialog).props('modelValue')).toBe(true)
  })

  it('passes on the request a dialog answers with', async () => {
    const w = mountSteps(request(['accept']))
    const after = request([], { status: 'accepted' })
    w.findComponent(StepDialog).vm.$emit('done', after)
    expect(w.emitted('changed')).toEqual([[after]])
  })
})
