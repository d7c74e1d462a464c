/** Finds the image files of an imageFolder data set. */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Extensions read (any letter case); every other file is skipped. */
export const IMAGE_EXTENSIONS: readonly string[] = ['.png', '.jpg', '.jpeg'];

export interface ImageFileList {
  /** Image files, relative to the folder with "/" separators, in code-point order (the same on every machine). */
  files: string[];
  /** Other files that were skipped (relative paths), for the message when no image is found. */
  skipped: string[];
}

/**
 * Every .png, .jpg and .jpeg file under `root`, in subfolders too. Names starting with "." are
 * skipped (hidden files and folders, and the "._name" files macOS leaves on other disks);
 * symbolic links are followed, each real folder visited once. `label` names `root` in errors.
 */
export function listImageFiles(root: string, label: string): ImageFileList {
  const files: string[] = [];
  const skipped: string[] = [];
  const visited = new Set<string>();
  const walk = (dir: string, prefix: string): void => {
    const real = fs.realpathSync(dir);
    if (visited.has(real)) return;
    visited.add(real);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`${prefix ? `${label}/${prefix}` : label}: cannot read the folder (${reason}) — check that it is readable`);
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
      const stat = entry.isSymbolicLink() ? statOrUndefined(full) : entry;
      if (stat?.isDirectory()) walk(full, relative);
      else if (stat?.isFile()) (IMAGE_EXTENSIONS.includes(path.extname(entry.name).toLowerCase()) ? files : skipped).push(relative);
    }
  };
  walk(root, '');
  const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return { files: files.sort(byCodePoint), skipped: skipped.sort(byCodePoint) };
}

/** A broken symbolic link is skipped like any other non-image entry. */
function statOrUndefined(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file);
  } catch {
    return undefined;
  }
}
