// A job's schedule in words, from the spec the API sends: a five-field cron expression (minute
// first) or a descriptor (@hourly, @daily, @every 5m). See jobs/jobs.go.

/** Schedule is a spec understood: what to say and the numbers to say it with. */
export type Schedule =
  | { kind: 'everyMinutes'; n: number }
  | { kind: 'everyHours'; n: number }
  | { kind: 'hourlyAt'; minute: number }
  | { kind: 'daily'; time: string }
  | { kind: 'weekly'; weekday: number; time: string }
  | { kind: 'monthly'; day: number; time: string }

const descriptors: Record<string, string> = {
  '@hourly': '0 * * * *',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@weekly': '0 0 * * 0',
  '@monthly': '0 0 1 * *',
}

const number = (s: string | undefined, max: number): number | null =>
  s !== undefined && /^\d+$/.test(s) && Number(s) <= max ? Number(s) : null
const clock = (h: number, m: number) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`

/** parseSchedule reads a job's spec, or answers null for one it cannot word (shown as written). */
export function parseSchedule(spec: string): Schedule | null {
  const s = spec.trim()
  const every = /^@every\s+(?:(\d+)h)?(?:(\d+)m)?(?:0s)?$/.exec(s)
  if (every && (every[1] || every[2])) {
    const minutes = Number(every[1] ?? 0) * 60 + Number(every[2] ?? 0)
    if (minutes === 0) return null
    return minutes % 60 === 0 ? { kind: 'everyHours', n: minutes / 60 } : { kind: 'everyMinutes', n: minutes }
  }
  const [min, hour, dom, month, dow, ...rest] = (descriptors[s] ?? s).split(/\s+/)
  if (rest.length || month !== '*') return null
  const step = /^\*\/(\d+)$/.exec(min ?? '')
  if (step && hour === '*' && dom === '*' && dow === '*') return { kind: 'everyMinutes', n: Number(step[1]) }
  const m = number(min, 59)
  if (m === null) return null
  if (hour === '*' && dom === '*' && dow === '*') return { kind: 'hourlyAt', minute: m }
  const h = number(hour, 23)
  if (h === null) return null
  const time = clock(h, m)
  if (dom === '*' && dow === '*') return { kind: 'daily', time }
  const weekday = number(dow, 7)
  if (dom === '*' && weekday !== null) return { kind: 'weekly', weekday: weekday % 7, time }
  const day = number(dom, 31)
  if (dow === '*' && day !== null && day > 0) return { kind: 'monthly', day, time }
  return null
}
