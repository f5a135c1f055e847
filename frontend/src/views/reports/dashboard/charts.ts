// The options of the dashboard's charts, built from the reports' answers: pure functions, so the
// numbers a chart shows are tested without a canvas.
import type { ChartOption } from '@/charts/echarts'
import type { HeatMap, UtilizationFigures } from '@/types'

/** hours is minutes as hours to one decimal, as the charts show them. */
export const hours = (minutes: number) => Math.round(minutes / 6) / 10

/** percent is a ratio as a percentage to one decimal. */
export const percent = (ratio: number) => Math.round(ratio * 1000) / 10

const narrow = { left: 8, right: 8, top: 40, bottom: 8, containLabel: true }

/** trendOption is effective hours (bars, left axis) and utilization (line, right axis) per period. */
export function trendOption(
  rows: UtilizationFigures[],
  names: { effective: string; utilization: string },
): ChartOption {
  return {
    grid: narrow,
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    xAxis: { type: 'category', data: rows.map((r) => r.start) },
    yAxis: [
      { type: 'value', name: '', minInterval: 1 },
      { type: 'value', name: '', axisLabel: { formatter: '{value}%' }, splitLine: { show: false } },
    ],
    series: [
      { type: 'bar', name: names.effective, data: rows.map((r) => hours(r.effective_minutes)) },
      {
        type: 'line',
        name: names.utilization,
        yAxisIndex: 1,
        smooth: true,
        data: rows.map((r) => percent(r.utilization)),
      },
    ],
  }
}

/** heatCells are the [hour, weekday, hours] cells of the map, Monday the first row. */
export function heatCells(map: HeatMap): [number, number, number][] {
  return map.minutes.flatMap((day, weekday) =>
    day.map((m, hour): [number, number, number] => [hour, weekday, hours(m)]),
  )
}

/** heatmapOption is the hour × weekday map: weekdays top to bottom from Monday, hours 0–23. */
export function heatmapOption(map: HeatMap, weekdays: string[], unit: string): ChartOption {
  const cells = heatCells(map)
  const top = Math.max(1, ...cells.map((c) => c[2]))
  return {
    grid: { left: 8, right: 8, top: 8, bottom: 44, containLabel: true },
    tooltip: { position: 'top' },
    xAxis: {
      type: 'category',
      data: Array.from({ length: 24 }, (_, h) => String(h).padStart(2, '0')),
      splitArea: { show: true },
      axisLabel: { interval: 2 },
    },
    yAxis: { type: 'category', data: weekdays, inverse: true, splitArea: { show: true } },
    visualMap: {
      min: 0,
      max: top,
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      itemHeight: 120,
      itemWidth: 10,
      text: [`${top} ${unit}`, '0'],
      inRange: { color: ['#f2f6fc', '#79bbff', '#337ecc'] },
    },
    series: [
      { type: 'heatmap', data: cells, emphasis: { itemStyle: { borderColor: '#333', borderWidth: 1 } } },
    ],
  }
}

/** barsOption is a few named amounts of hours as horizontal bars, largest on top. */
export function barsOption(items: { name: string; minutes: number }[]): ChartOption {
  return {
    grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', minInterval: 1, splitNumber: 3 },
    yAxis: { type: 'category', inverse: true, data: items.map((i) => i.name) },
    series: [
      {
        type: 'bar',
        data: items.map((i) => hours(i.minutes)),
        label: { show: true, position: 'right' },
        barMaxWidth: 28,
      },
    ],
  }
}
