import type { Engagement, FusionEffect } from './engagement';
import { messageOf } from './errors';
import { OrderedFusionPublisher } from './orderedFusionPublisher';
import type { FusionPort } from './types';

/**
 * What Fusion hears of each call: newCommEvent when it opens (its outData, the contact tokens of Fusion's reverse
 * lookup, is carried into every later publish of the call, as Oracle's UEF documentation requires), then the effects
 * of its transitions, each after the ones before (OrderedFusionPublisher).
 */
export class FusionStory {
  private readonly publisher: OrderedFusionPublisher;

  constructor(
    private readonly fusion: FusionPort,
    /** A publish Fusion refused or never answered, in the agent's words. */
    onFailure: (message: string) => void,
    /** newCommEvent's outData arrived: the contact's name can be shown. */
    private readonly changed: () => void,
  ) {
    this.publisher = new OrderedFusionPublisher((what, err) => onFailure(`Fusion did not take ${what}: ${messageOf(err)}`));
  }

  open(engagement: Engagement): void {
    const { eventId, direction, phoneNumber } = engagement;
    this.publisher.publish(eventId, `newCommEvent for call ${phoneNumber}`, async () => {
      const outData = await this.fusion.newCommEvent({ eventId, direction, phoneNumber, inData: engagement.fusionData });
      engagement.fusionData = { ...engagement.fusionData, ...outData };
      this.changed();
    });
  }

  /** Publishes the effects of a transition, in order. */
  tell(engagement: Engagement, effects: readonly FusionEffect[]): void {
    for (const effect of effects) this.publish(engagement, effect);
  }

  private publish(engagement: Engagement, effect: FusionEffect): void {
    const { eventId, direction, phoneNumber } = engagement;
    switch (effect.kind) {
      case 'startComm':
        this.publisher.publish(eventId, `startCommEvent for call ${phoneNumber}`, () =>
          this.fusion.startCommEvent({ eventId, direction, inData: engagement.fusionData }),
        );
        break;
      case 'closeComm':
        this.publisher.publish(eventId, `closeCommEvent for call ${phoneNumber}`, () =>
          this.fusion.closeCommEvent({ eventId, direction, reason: effect.reason, inData: engagement.fusionData }),
        );
        break;
      case 'outboundError':
        this.publisher.publish(eventId, `outboundCommError for call ${phoneNumber}`, () =>
          this.fusion.outboundCommError({ eventId, errorCode: effect.errorCode, message: effect.message }),
        );
        break;
    }
  }
}
