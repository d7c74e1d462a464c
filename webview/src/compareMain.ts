/** Webview entry of the comparison panel (GAN: Compare Runs). See compare/comparePage.ts. */
import { startComparePage } from './compare/comparePage';

startComparePage();
