/**
 * A .vscodeignore allowlist read the way vsce reads it, for staging the files a package can ship
 * (scripts/packageStage.ts) and for the e2e suite's check of a vsix's contents. `*` matches within
 * a path segment, `**` across segments, and a pattern also matches everything under a folder it
 * names. vsce keeps a path no exclude line matches, and one any `!` line matches, whatever the order
 * of the lines (not gitignore's last match).
 */

/** A .vscodeignore glob as a regular expression over a path relative to the extension's root. */
export function globRegExp(glob: string): RegExp {
  const body = glob
    .split(/(\*\*\/?|\*)/)
    .map((part) =>
      part === '**' ? '.*' : part === '**/' ? '(?:.*/)?' : part === '*' ? '[^/]*' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('');
  return new RegExp(`^${body}(?:/.*)?$`);
}

interface Rule {
  include: boolean;
  glob: string;
  re: RegExp;
}

function rules(ignoreText: string): Rule[] {
  return ignoreText
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const glob = l.replace(/^!/, '');
      return { include: l.startsWith('!'), glob, re: globRegExp(glob) };
    });
}

/** Whether the allowlist lets `path` ship, as vsce decides. */
export function allowedBy(ignoreText: string): (path: string) => boolean {
  const all = rules(ignoreText);
  const matches = (include: boolean, path: string) => all.some((rule) => rule.include === include && rule.re.test(path));
  return (path) => !matches(false, path) || matches(true, path);
}

/**
 * The `!` lines' globs, each with the longest path before its first wildcard: every file a line can
 * bring back lies at or under that path.
 */
export function includedRoots(ignoreText: string): { glob: string; root: string }[] {
  return rules(ignoreText)
    .filter((rule) => rule.include)
    .map(({ glob }) => {
      const segments = glob.split('/');
      const wild = segments.findIndex((s) => s.includes('*'));
      return { glob, root: (wild < 0 ? segments : segments.slice(0, wild)).join('/') };
    });
}
