/** What the dashboard's cards share besides the run: compared runs and the export actions. */
import type { Exporter } from '../export/exporter';
import type { CompareStore } from '../model/compareStore';
import type { CompareControls } from './compareControls';

export interface DashboardTools {
  compare: CompareControls;
  compared: CompareStore;
  exporter: Exporter;
}
