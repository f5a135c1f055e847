// The personal calendar feed, read by two iCalendar parsers that calendar apps and services use:
// ical.js (Thunderbird, many web calendars) and node-ical. The feed is the one the server renders
// in its Go test (app/booking, TestCalendarFeedFile), kept equal to app/booking/testdata/feed.ics.
/// <reference types="node" />
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import ICAL from 'ical.js'
import ical, { type VEvent } from 'node-ical'
import { describe, expect, it } from 'vitest'

const feed = readFileSync(join(import.meta.dirname, '../../../app/booking/testdata/feed.ics'), 'utf8')

// What a reader must see: each booking's instant and the facility's zone. Booking 1 is in
// Berlin's winter time (+01:00), booking 2 in its summer time (+02:00), booking 3 in Shanghai.
const want = {
  'booking-1@cqshare': {
    start: '2026-03-05T08:00:00.000Z',
    end: '2026-03-05T09:30:00.000Z',
    tz: 'Europe/Berlin',
  },
  'booking-2@cqshare': {
    start: '2026-03-31T07:00:00.000Z',
    end: '2026-03-31T08:30:00.000Z',
    tz: 'Europe/Berlin',
  },
  'booking-3@cqshare': {
    start: '2026-03-30T06:00:00.000Z',
    end: '2026-03-30T07:00:00.000Z',
    tz: 'Asia/Shanghai',
  },
}

describe('the calendar feed', () => {
  it('has CRLF line ends only', () => {
    expect(feed.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/)
  })

  it('reads in ical.js with the times its own VTIMEZONEs give', () => {
    const cal = new ICAL.Component(ICAL.parse(feed))
    // ical.js knows no zone database: the offsets come from the feed's VTIMEZONE alone.
    for (const vtz of cal.getAllSubcomponents('vtimezone')) {
      ICAL.TimezoneService.register(new ICAL.Timezone(vtz))
    }
    const got = Object.fromEntries(
      cal.getAllSubcomponents('vevent').map((c) => {
        const ev = new ICAL.Event(c)
        return [
          ev.uid,
          {
            start: ev.startDate.toJSDate().toISOString(),
            end: ev.endDate.toJSDate().toISOString(),
            tz: ev.startDate.zone?.tzid,
          },
        ]
      }),
    )
    expect(got).toEqual(want)
  })

  it('reads in node-ical with the same times and zones', () => {
    const got = Object.fromEntries(
      Object.values(ical.sync.parseICS(feed))
        .filter((c): c is VEvent => c?.type === 'VEVENT')
        .map((ev) => [
          ev.uid,
          { start: ev.start.toISOString(), end: ev.end?.toISOString(), tz: ev.start.tz },
        ]),
    )
    expect(got).toEqual(want)
  })
})
