import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { type ChartOption, echarts } from './echarts'

// happy-dom has no canvas: a 2D context that draws nothing (each call answers with itself, a
// gradient too) lets the canvas renderer run.
const blank: object = new Proxy(
  {},
  {
    get: (_t, name) => (name === 'measureText' ? () => ({ width: 0 }) : () => blank),
    set: () => true,
  },
)
beforeEach(() => {
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(blank as CanvasRenderingContext2D)
})
afterEach(() => vi.restoreAllMocks())

function chartIn(option: ChartOption) {
  const el = document.createElement('div')
  const chart = echarts.init(el, null, { renderer: 'canvas', width: 400, height: 300 })
  chart.setOption(option)
  return chart
}

describe('charts/echarts', () => {
  it('draws the registered charts and components without asking for more', () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const chart = chartIn({
      dataset: {
        source: [
          ['day', 'hours'],
          ['Mon', 3],
          ['Tue', 5],
        ],
      },
      grid: {},
      tooltip: {},
      legend: {},
      visualMap: { min: 0, max: 10, show: false },
      xAxis: { type: 'category' },
      yAxis: {},
      series: [{ type: 'line' }, { type: 'bar' }],
    })
    const got = chart.getOption() as { series: { type: string }[]; visualMap: unknown[] }
    expect(got.series.map((s) => s.type)).toEqual(['line', 'bar'])
    expect(got.visualMap).toHaveLength(1)
    expect(errors).not.toHaveBeenCalled()
    chart.dispose()
  })

  it("draws a heatmap (a facility's use by weekday and hour)", () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const chart = chartIn({
      xAxis: { type: 'category', data: ['08', '09'] },
      yAxis: { type: 'category', data: ['Mon', 'Tue'] },
      visualMap: { min: 0, max: 1 },
      series: [
        {
          type: 'heatmap',
          data: [
            [0, 0, 0.5],
            [1, 1, 1],
          ],
        },
      ],
    })
    expect((chart.getOption() as { series: { type: string }[] }).series[0]?.type).toBe('heatmap')
    expect(errors).not.toHaveBeenCalled()
    chart.dispose()
  })

  it('leaves out the charts no page draws', () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    const el = document.createElement('div')
    const chart = echarts.init(el, null, { width: 100, height: 100 })
    // A pie is not registered: ECharts says so (in development) and draws no series.
    chart.setOption({ series: [{ type: 'pie', data: [1] }] } as unknown as ChartOption)
    expect([...errors.mock.calls, ...warn.mock.calls].flat().join(' ')).toMatch(/pie/)
    chart.dispose()
  })
})
