// Preload (node --require): prints "maxrss-kb <this process's own peak RSS>" to stderr at exit.
const { ownPeakRssKb } = require('./peakRss.cjs');

process.on('exit', () => process.stderr.write(`maxrss-kb ${ownPeakRssKb()}\n`));
