// This process's own peak resident set size, in kB: /proc/self/status's VmHWM where there is one
// (Linux), else getrusage's maxRSS. On Linux a spawned child's maxRSS keeps the high-water mark of
// the memory it inherited at fork — its parent's RSS — so a child of a 280 MB test runner reports
// 280 MB whatever it used itself (a child of a 444 MB parent: maxRSS 385 MB, VmHWM 39 MB).
// Plain CommonJS, so that a child can --require it without a TypeScript loader (peakRssAtExit.cjs).
const { readFileSync } = require('node:fs');

function ownPeakRssKb() {
  try {
    const hwm = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (hwm) return Number(hwm[1]);
  } catch {
    // no procfs: fall back below
  }
  return process.resourceUsage().maxRSS;
}

module.exports = { ownPeakRssKb };
