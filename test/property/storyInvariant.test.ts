/**
 * @jest-environment node
 */
// The core is pure TypeScript (no DOM): the node environment, whose setImmediate lets a run flush its promises
// cheaply.
import fc from 'fast-check';
import { runSteps } from './storyRun';
import { step } from './steps';

/**
 * The story invariant as a property (README, "How the parts fit": src/ts/cti/core/): whatever interleaving of Fusion's
 * commands, the toolbar's actions and the vendor's reports arrives (duplicates, late reports, reports of unknown
 * calls, vendor requests that succeed or are refused, Fusion answers late or refusing), Fusion hears exactly one
 * newCommEvent per call, at most one startCommEvent and exactly one closeCommEvent for each call that ended, in that
 * order, outboundCommError only right before the close of a failed dial, and no request reaches the vendor again
 * while the same one is in flight. fast-check prints the seed and path of a failing run, and the shrunk steps; the
 * error names each call whose story broke, and what Fusion heard of it.
 * https://fast-check.dev/docs/core-blocks/runners/#fcassert
 */
const run = fc.record({
  steps: fc.array(step, { maxLength: 40, size: 'max' }),
  fusionHolds: fc.boolean(),
  afterCallWork: fc.boolean(),
});

describe('the story invariant', () => {
  it('holds for every engagement over 10,000 random interleavings', async () => {
    await fc.assert(
      fc.asyncProperty(run, async ({ steps, fusionHolds, afterCallWork }) => {
        const problems = await runSteps(steps, { fusionHolds, afterCallWork });
        if (problems.length > 0) throw new Error(`The story broke:\n  ${problems.join('\n  ')}`);
      }),
      { numRuns: 10_000 },
    );
    // A fixed amount of work (about 2 s on an idle two-core machine, several times that under load): the limit only
    // catches a run that hangs, so it is far above what any load makes of it, not a measure of speed.
  }, 300_000);
});
