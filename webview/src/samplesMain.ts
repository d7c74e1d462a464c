/** Webview entry of the samples side view. See samplesPanel.ts. */
import { startSamplesPanel } from './samplesPanel';

startSamplesPanel();
