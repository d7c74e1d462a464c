/**
 * Registers the chart.js pieces the views use (tree-shaken: line and bar charts, linear, log and
 * category scales, filled bands, legend, tooltip, zoom) and one interaction mode, `nearestPerDataset`: for each visible
 * dataset the point nearest the pointer in x. Series are decimated independently, so points of
 * different series rarely share an index and the built-in `index` mode would pair wrong points.
 */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Filler,
  Interaction,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  Tooltip,
  type ChartEvent,
  type InteractionItem,
  type InteractionModeFunction,
} from 'chart.js';
import zoomPlugin from 'chartjs-plugin-zoom';

declare module 'chart.js' {
  interface InteractionModeMap {
    nearestPerDataset: InteractionModeFunction;
  }
}

let registered = false;

export function setupCharts(): void {
  if (registered) return;
  registered = true;
  Chart.register(
    LineController,
    LineElement,
    PointElement,
    BarController,
    BarElement,
    LinearScale,
    LogarithmicScale,
    CategoryScale,
    Filler,
    Legend,
    Tooltip,
    zoomPlugin,
  );
  Interaction.modes.nearestPerDataset = nearestPerDataset;
}

function nearestPerDataset(chart: Chart, e: ChartEvent, _options: unknown, useFinalPosition?: boolean): InteractionItem[] {
  const x = e.x;
  const y = e.y;
  const area = chart.chartArea;
  if (x === null || y === null || x < area.left || x > area.right || y < area.top || y > area.bottom) return [];
  const items: InteractionItem[] = [];
  chart.data.datasets.forEach((_dataset, datasetIndex) => {
    if (!chart.isDatasetVisible(datasetIndex)) return;
    const elements = chart.getDatasetMeta(datasetIndex).data;
    if (elements.length === 0) return;
    const px = (i: number) => elements[i]!.getProps(['x'], useFinalPosition).x as number;
    let lo = 0;
    let hi = elements.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (px(mid) < x) lo = mid + 1;
      else hi = mid;
    }
    const index = lo > 0 && Math.abs(px(lo - 1) - x) <= Math.abs(px(lo) - x) ? lo - 1 : lo;
    const yValue = elements[index]!.getProps(['y'], useFinalPosition).y as number;
    if (!Number.isFinite(yValue)) return;
    items.push({ element: elements[index]!, datasetIndex, index });
  });
  return items;
}
