/**
 * Runs `draw` now and again whenever an observable it read changes, until the returned function is called: the
 * toolbar's Preact view reads the view model's observables as it renders, so rendering inside this keeps it current
 * with no subscription of its own per value.
 */
import * as ko from 'knockout';

export function trackedRender(draw: () => void): () => void {
  // A Knockout computed notes every observable read while it evaluates, and evaluates again when one changes:
  // https://knockoutjs.com/documentation/computed-dependency-tracking.html
  const tracking = ko.computed(draw);
  return () => tracking.dispose();
}
