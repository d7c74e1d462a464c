/** What the dashboard's cards share besides the run: the timeline, compared runs and the export actions. */
import type { Exporter } from '../export/exporter';
import type { Timeline } from '../logic/timeline';
import type { CompareStore } from '../model/compareStore';
import type { CompareControls } from './compareControls';

export interface DashboardTools {
  compare: CompareControls;
  compared: CompareStore;
  exporter: Exporter;
  /** The page's step (issue 24): stepped views show it, charts mark it. */
  timeline: Timeline;
}
