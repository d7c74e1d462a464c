import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DataConfig } from '../../shared/experiment/schema';
import type { ImageShape } from '../../shared/runFormat';
import { decodeImage } from './image/decodeImage';
import { listImageFiles } from './image/imageFiles';
import { resizeCoverCrop } from './image/resize';
import { toByte } from './imageLayout';
import { imageSetDataset, type ImageSetDataset, type ImageSetLabels } from './imageSet';

export type ImageFolderConfig = Extract<DataConfig, { kind: 'imageFolder' }>;

/**
 * The PNG and JPEG images under a folder (see listImageFiles), each decoded on first use, scaled
 * to cover size × size, centre-cropped and kept in memory; with "labels": "folders", labelled by
 * subfolder. `config.path` is relative to `experimentDir`; errors name the folder or the file as
 * the experiment gives it.
 */
export function createImageFolderDataset(config: ImageFolderConfig, experimentDir: string): ImageSetDataset {
  const root = path.resolve(experimentDir, config.path);
  const shown = config.path.replace(/[\\/]+$/, '');
  let stat: fs.Stats;
  try {
    stat = fs.statSync(root);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`${shown}: cannot open the folder (${reason}) — "path" is relative to the experiment file`);
  }
  if (!stat.isDirectory())
    throw new Error(
      `${shown}: is a file, not a folder — "path" names a folder of PNG or JPEG images (for an MNIST IDX file use "kind": "idx")`,
    );

  const { files, skipped } = listImageFiles(root, shown);
  if (files.length === 0) {
    const found =
      skipped.length === 0
        ? 'the folder and its subfolders hold no files'
        : `only ${skipped.length} other file${skipped.length === 1 ? '' : 's'}, e.g. ${skipped[0]}, which ${skipped.length === 1 ? 'is' : 'are'} skipped`;
    throw new Error(
      `${shown}: no PNG or JPEG images (${found}) — add .png, .jpg or .jpeg files, or point "path" at the folder that holds them`,
    );
  }

  const labels = config.labels === 'folders' ? folderClasses(files, shown) : undefined;
  const channels = config.grayscale ? 1 : 3;
  const shape: ImageShape = { height: config.size, width: config.size, channels };
  const load = (index: number): Uint8Array => {
    const label = `${shown}/${files[index]!}`;
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(path.join(root, files[index]!));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(
        `${label}: cannot read the file (${reason}) — it was there when training started; check that it still exists and is readable`,
      );
    }
    let resized: Float32Array;
    try {
      resized = resizeCoverCrop(decodeImage(bytes, channels), config.size).data;
    } catch (error) {
      throw new Error(`${label}: ${error instanceof Error ? error.message : String(error)}`);
    }
    return Uint8Array.from(resized, toByte);
  };
  return imageSetDataset('imageFolder', shape, files.length, load, labels);
}

/** "labels": "folders": each image's class is its first-level subfolder, classes in sorted name order. */
function folderClasses(files: readonly string[], shown: string): ImageSetLabels {
  const loose = files.filter((file) => !file.includes('/'));
  if (loose.length > 0)
    throw new Error(
      `${shown}: ${loose.length} image${loose.length === 1 ? '' : 's'} directly in the folder (${loose.slice(0, 3).join(', ')}${loose.length > 3 ? ', …' : ''}), not in a class subfolder — with "labels": "folders" each image's class is the subfolder it is in: move ${loose.length === 1 ? 'it' : 'them'} into one, or set "labels": "none"`,
    );
  const folderOf = files.map((file) => file.slice(0, file.indexOf('/')));
  // Sorted as names, not as paths ("a" before "a b", though "a b/x.png" sorts before "a/x.png").
  const names = [...new Set(folderOf)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const index = new Map(names.map((name, i) => [name, i]));
  return { classes: { names }, of: Int32Array.from(folderOf, (folder) => index.get(folder)!) };
}
