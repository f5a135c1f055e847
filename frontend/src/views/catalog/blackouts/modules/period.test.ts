import { describe, expect, it } from 'vitest'
import { periodInstants } from './period'

describe('periodInstants', () => {
  it('reads wall-clock times in the facility zone', () => {
    expect(periodInstants('2027-05-01 08:30', '2027-05-01 12:00', false, 'Asia/Shanghai')).toEqual({
      start_at: '2027-05-01T08:30:00+08:00',
      end_at: '2027-05-01T12:00:00+08:00',
    })
  })

  it('takes whole local days all day, the last one included', () => {
    expect(periodInstants('2027-10-01', '2027-10-07', true, 'Asia/Shanghai')).toEqual({
      start_at: '2027-10-01T00:00:00+08:00',
      end_at: '2027-10-08T00:00:00+08:00',
    })
    expect(periodInstants('2027-01-01', '2027-01-01', true, 'Asia/Urumqi').end_at).toBe(
      '2027-01-02T00:00:00+06:00',
    )
  })
})
