import type { ConsortiumDetail } from '@/types'

/** levels are the consortium levels (the tracks of the league table), highest first. */
export const levels: readonly ConsortiumDetail['level'][] = [
  'national',
  'municipal',
  'park_led',
  'enterprise_led',
  'school_led',
]
