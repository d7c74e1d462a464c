/**
 * The pure parts of the dashboard's readability rules: the point palette keeps every pair at least
 * 3:1 (WCAG 2.1 SC 1.4.11) on the harness's themes and on others, and a reference line's label goes
 * where no curve passes.
 */
import assert from 'node:assert/strict';
import { THEMES } from '../../webview/harness/themes';
import { luminance, parseColor, type Rgba } from '../../webview/src/logic/colors';
import { crosses, placeLineLabel } from '../../webview/src/logic/labelPlacement';
import { contrastRatio, GRAPHICAL_CONTRAST, paletteContrasts, pointPalette, pureHue } from '../../webview/src/logic/pointPalette';

const color = (text: string): Rgba => parseColor(text)!;

describe('point palette: contrast per theme', () => {
  it('WCAG ratios: black on white 21, equal colours 1', () => {
    assert.equal(Math.round(contrastRatio(color('#000'), color('#fff')) * 10) / 10, 21);
    assert.equal(contrastRatio(color('#777'), color('#777')), 1);
  });

  for (const [name, theme] of Object.entries(THEMES)) {
    it(`${name}: every pair (points, heat map ends, background) at least ${GRAPHICAL_CONTRAST}:1`, () => {
      const v = (k: string) => color(theme.vars[k]!);
      const p = pointPalette({
        background: v('--vscode-editor-background'),
        real: v('--vscode-charts-blue'),
        fake: v('--vscode-charts-orange'),
        heatFake: v('--vscode-charts-purple'),
        heatReal: v('--vscode-charts-green'),
      });
      for (const { pair, ratio } of paletteContrasts(p)) assert.ok(ratio >= GRAPHICAL_CONTRAST, `${name}: ${pair} ${ratio.toFixed(2)}`);
      // The heat map is a tint: its ends are told from the background.
      assert.ok(contrastRatio(p.heatFake, p.background) > 1.1 || luminance(p.heatFake) !== luminance(p.background));
    });
  }

  it('holds on other backgrounds too (grey-ish dark and light editors)', () => {
    for (const background of ['#2b2b2b', '#3c3c3c', '#002b36', '#fdf6e3', '#e8e8e8', '#000000', '#ffffff']) {
      const p = pointPalette({
        background: color(background),
        real: color('#3794ff'),
        fake: color('#d18616'),
        heatFake: color('#b180d7'),
        heatReal: color('#89d185'),
      });
      for (const { pair, ratio } of paletteContrasts(p))
        assert.ok(ratio >= GRAPHICAL_CONTRAST, `${background}: ${pair} ${ratio.toFixed(2)}`);
    }
  });

  it('pure hues: full saturation, same hue', () => {
    assert.deepEqual(pureHue(color('#89d185')), { r: 13, g: 255, b: 0, a: 1 });
    assert.deepEqual(pureHue(color('#808080')), { r: 128, g: 128, b: 128, a: 1 });
  });
});

describe('reference line labels: never over a curve', () => {
  const area = { left: 40, top: 10, right: 440, bottom: 210 };
  const size = { width: 120, height: 14 };

  it('the left end above the line when nothing is there', () => {
    assert.deepEqual(placeLineLabel(area, 110, size, []), { x: 46, y: 93, width: 120, height: 14 });
  });

  it('a curve just above the line on the left: the label moves to where the curve is not', () => {
    // Hugs the line's upper side on the left half, then drops far below it.
    const curve = [
      { x: 40, y: 100 },
      { x: 240, y: 100 },
      { x: 260, y: 200 },
      { x: 440, y: 200 },
    ];
    const box = placeLineLabel(area, 110, size, [curve])!;
    assert.ok(!crosses(curve, box), JSON.stringify(box));
    assert.ok(box.x > 260, `right of the curve's descent: ${JSON.stringify(box)}`);
  });

  it('curves on both sides everywhere: no place by the line (the label goes outside the plot)', () => {
    const zigzag = Array.from({ length: 41 }, (_, i) => ({ x: 40 + i * 10, y: i % 2 === 0 ? 90 : 130 }));
    assert.equal(placeLineLabel(area, 110, size, [zigzag]), null);
  });

  it('gaps (non-finite points) are not segments; points count with their radius', () => {
    const box = { x: 100, y: 100, width: 20, height: 10 };
    assert.equal(
      crosses(
        [
          { x: 90, y: 105 },
          { x: NaN, y: NaN },
          { x: 130, y: 105 },
        ],
        box,
      ),
      false,
    );
    assert.equal(
      crosses(
        [
          { x: 90, y: 105 },
          { x: 130, y: 105 },
        ],
        box,
      ),
      true,
    );
  });
});
