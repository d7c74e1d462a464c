/**
 * Why an `npm install` of the native backend failed, in words a user can act on: what failed, the
 * line of npm's output that says why, and what to do. The common cause is the package's install
 * script, which downloads libtensorflow from storage.googleapis.com (no internet, a proxy, a
 * firewall); then the registry itself being out of reach, a version it does not have, or a folder
 * it cannot write. Pure: it reads the output npm printed and how it exited.
 */

export interface NpmOutput {
  /** What npm printed (stdout and stderr interleaved, or as much of the end of it as was kept). */
  text: string;
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface NpmFailure {
  /** What failed, one sentence. */
  what: string;
  /** The line of npm's output that says why (empty when it printed none). */
  keyLine: string;
  /** What to do about it. */
  advice: string;
  /** npm's debug log, when it names one. */
  logFile?: string;
}

const NETWORK_CODES =
  /\b(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|CERT_\w+|SELF_SIGNED_CERT\w*|UNABLE_TO_\w+)\b/;

const KEEPS_WORKING = 'The workbench keeps working without it: runs use webgpu or wasm.';

function lines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
}

/** The first line that reads as an error (`Error: …`, `TypeError: …`), after `from`. */
function errorLine(all: readonly string[], from: number): string | undefined {
  return all.slice(from).find((l) => /^(?:\w+)?Error(?: \[\w+\])?: /.test(l));
}

function npmErrors(all: readonly string[]): string[] {
  return all.filter((l) => l.startsWith('npm error ') || l.startsWith('npm ERR! ')).map((l) => l.replace(/^npm (?:error|ERR!) /, ''));
}

export function npmFailure(output: NpmOutput, packageName: string): NpmFailure {
  const all = lines(output.text);
  const errors = npmErrors(all);
  const logFile = errors.map((l) => /^A complete log of this run can be found in:?\s*(.+)$/.exec(l)?.[1]).find((f) => f !== undefined);
  const withLog = (failure: NpmFailure): NpmFailure => (logFile === undefined ? failure : { ...failure, logFile });
  const code = errors.map((l) => /^code (\S+)$/.exec(l)?.[1]).find((c) => c !== undefined);

  const download = all.indexOf('* Downloading libtensorflow');
  if (download >= 0) {
    // The script prints the URL on stdout and the stage on stderr: they may come in either order.
    const url = all.find((l) => /^https?:\/\/\S*libtensorflow\S*$/.test(l));
    const keyLine = errorLine(all, download) ?? errors.find((l) => !/^(code|path|command|A complete log)\b/.test(l)) ?? '';
    return withLog({
      what: `${packageName}'s install script could not download libtensorflow${url ? ` from ${url}` : ''}.`,
      keyLine,
      advice:
        'It needs to reach storage.googleapis.com: install on a machine with internet access, or set HTTPS_PROXY to your proxy ' +
        '(or TFJS_NODE_CDN_STORAGE to a mirror of libtensorflow) in the environment VS Code starts with, and run the command again. ' +
        KEEPS_WORKING,
    });
  }
  const network =
    errors.find((l) => l.startsWith('network ')) ??
    (code && NETWORK_CODES.test(code) ? errors.find((l) => NETWORK_CODES.test(l)) : undefined);
  if (network !== undefined) {
    return withLog({
      what: 'npm could not reach the package registry.',
      keyLine: network.replace(/^network /, ''),
      advice:
        'Check the connection, or configure npm for your proxy (`npm config set proxy …` and `https-proxy`) or registry, and run the command again. ' +
        KEEPS_WORKING,
    });
  }
  if (code === 'E404' || code === 'ETARGET') {
    return withLog({
      what: `npm found no ${packageName} at this version in the registry.`,
      keyLine: errors.find((l) => !/^(code|A complete log)\b/.test(l)) ?? code,
      advice: `Check which registry npm uses (\`npm config get registry\`). ${KEEPS_WORKING}`,
    });
  }
  if (code === 'EACCES' || code === 'EPERM' || code === 'ENOSPC') {
    return withLog({
      what: code === 'ENOSPC' ? 'The disk is full.' : "npm could not write the extension's storage folder.",
      keyLine: errors.find((l) => !/^(code|A complete log)\b/.test(l)) ?? code,
      advice: `Free some space or fix the folder's permissions, and run the command again. ${KEEPS_WORKING}`,
    });
  }
  const how = output.signal ? `was killed by ${output.signal}` : `exited with code ${output.code}`;
  const keyLine = errors.find((l) => !/^(code|path|command|A complete log)\b/.test(l)) ?? errorLine(all, 0) ?? all[all.length - 1] ?? '';
  return withLog({
    what: `npm install ${packageName} ${how}.`,
    keyLine,
    advice: `npm's log has the details. ${KEEPS_WORKING}`,
  });
}
