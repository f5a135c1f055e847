import type { Role } from '@/types'

/** DEMO_PASSWORD is the password of every demo account (DESIGN.md, demo data). */
export const DEMO_PASSWORD = 'demo-pass-2026'

/** demoAccounts are the accounts the demo data set creates, one per role. */
export const demoAccounts: { role: Role; email: string }[] = [
  { role: 'student', email: 'student@demo.local' },
  { role: 'teacher', email: 'teacher@demo.local' },
  { role: 'sme', email: 'sme@demo.local' },
  { role: 'instructor', email: 'instructor@demo.local' },
  { role: 'manager', email: 'manager@demo.local' },
  { role: 'admin', email: 'admin@demo.local' },
]
