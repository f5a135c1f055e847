// The dashboard's panels of the evaluation's figures: quota and income, the tech platform's
// service levels and the training base's seats, each a list of labelled values. Pure, so the
// wording of every value is tested without a page.
import { yuan } from '@/components/training/training'
import type { Translate } from '@/locales'
import type { MessageSchema } from '@/locales/zh-CN'
import type { UtilizationFigures } from '@/types'
import { workingTime } from '@/views/services/text'
import { hours, percent } from './charts'

/** Figure is one labelled value of a panel. */
export interface Figure {
  key: string
  label: string
  value: string
}

/** Panel is a titled list of figures. */
export interface Panel {
  key: 'quota' | 'services' | 'training'
  title: string
  figures: Figure[]
}

/** FigureKey is a figure's label in reports.figures. */
type FigureKey = keyof MessageSchema['reports']['figures']

/** figurePanels is the panels that have figures: quota and income always, the services when
 * the scope received, delivered or rated a request, the training when it held a session. */
export function figurePanels(f: UtilizationFigures, t: Translate): Panel[] {
  const n = (v: number) => v.toLocaleString()
  const p = (r: number) => `${percent(r)}%`
  const row = (key: FigureKey, value: string) => ({ key, label: t(`reports.figures.${key}`), value })
  const panels: Panel[] = [
    {
      key: 'quota',
      title: t('reports.figures.quotaTitle'),
      figures: [
        row('quota', t('reports.kpi.hours', { n: n(hours(f.quota_minutes)) })),
        row('quotaRatio', p(f.quota_ratio)),
        row('incomeInternal', yuan(f.income_internal_fen)),
        row('incomeExternal', yuan(f.income_external_fen)),
      ],
    },
  ]
  if (f.requests_received || f.requests_delivered || f.requests_overdue || f.ratings) {
    panels.push({
      key: 'services',
      title: t('reports.figures.servicesTitle'),
      figures: [
        row('received', n(f.requests_received)),
        row('delivered', n(f.requests_delivered)),
        row('onTime', f.requests_delivered ? p(f.on_time_rate) : '–'),
        row('overdue', n(f.requests_overdue)),
        row(
          'firstResponse',
          f.first_response_median_minutes ? workingTime(f.first_response_median_minutes, t) : '–',
        ),
        row('turnaround', f.turnaround_median_minutes ? workingTime(f.turnaround_median_minutes, t) : '–'),
        row(
          'rating',
          f.ratings ? t('reports.figures.ratingOf', { mean: f.mean_rating.toFixed(1), n: f.ratings }) : '–',
        ),
        row('smes', n(f.smes_served)),
      ],
    })
  }
  if (f.sessions_held) {
    panels.push({
      key: 'training',
      title: t('reports.figures.trainingTitle'),
      figures: [
        row('sessions', n(f.sessions_held)),
        row(
          'seats',
          t('reports.figures.seatsOf', { filled: n(f.seats_filled), offered: n(f.seats_offered) }),
        ),
        row('fill', p(f.fill_rate)),
        row('pass', f.results ? p(f.pass_rate) : '–'),
        row('trained', n(f.people_trained)),
      ],
    })
  }
  return panels
}
