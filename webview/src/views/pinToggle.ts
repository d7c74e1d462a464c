/**
 * A stepped card's pin (issue 24): pinned (the default), the card shows the timeline's step;
 * unpinned, it keeps the step it had, moved only by its own control, and says so in its title.
 */
import type { StepPin } from '../logic/timeline';
import { checkbox } from '../ui/dom';

export function pinToggle(pin: StepPin, onChange: () => void): HTMLLabelElement {
  const toggle = checkbox(
    'pinned to timeline',
    pin.pinned,
    (checked) => {
      pin.setPinned(checked);
      toggle.root.classList.toggle('unpinned', !checked);
      onChange();
    },
    'Pinned: this card shows the timeline’s step. Unpinned: it keeps its own step',
  );
  toggle.root.classList.add('gw-pin');
  return toggle.root;
}
