// ECharts for the report pages, registered once with only what they draw: line, bar and heatmap
// charts on a grid, with tooltip, legend, visual map and dataset, on the canvas renderer.
// echarts/core keeps the rest out of the bundle. Import this module from report pages only,
// never from the entry or the shell, so it loads with those pages (their lazy route chunks).
import { BarChart, HeatmapChart, LineChart } from 'echarts/charts'
import type { BarSeriesOption, HeatmapSeriesOption, LineSeriesOption } from 'echarts/charts'
import {
  DatasetComponent,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components'
import type {
  DatasetComponentOption,
  GridComponentOption,
  LegendComponentOption,
  TooltipComponentOption,
  VisualMapComponentOption,
} from 'echarts/components'
import * as echarts from 'echarts/core'
import type { ComposeOption } from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'

/** charts are the chart types registered, by the `type` a series names. */
export const charts = ['line', 'bar', 'heatmap'] as const

echarts.use([
  LineChart,
  BarChart,
  HeatmapChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  VisualMapComponent,
  DatasetComponent,
  CanvasRenderer,
])

/** ChartOption is the option a chart of this app may take: only the registered parts type-check. */
export type ChartOption = ComposeOption<
  | LineSeriesOption
  | BarSeriesOption
  | HeatmapSeriesOption
  | GridComponentOption
  | TooltipComponentOption
  | LegendComponentOption
  | VisualMapComponentOption
  | DatasetComponentOption
>

export { echarts }
