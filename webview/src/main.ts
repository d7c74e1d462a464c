/**
 * Webview entry of the run dashboard (one panel per run). Announces itself to the host with
 * `ready`; the host answers with a snapshot, then increments. See dashboard.ts.
 */
import { startDashboard } from './dashboard';

startDashboard();
