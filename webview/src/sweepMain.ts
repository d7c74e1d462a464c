/** Webview entry of the sweep dashboard (one panel per sweep folder). See sweep/sweepPage.ts. */
import { startSweepPage } from './sweep/sweepPage';

startSweepPage();
