import type { Engagement, FusionEffect } from './engagement';
import { FusionRefusedError, messageOf } from './errors';
import { type AgentMessage, say } from './agentMessages';
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
    onFailure: (message: AgentMessage) => void,
    /** newCommEvent's outData arrived: the contact's name can be shown. */
    private readonly changed: () => void,
    private readonly log: (message: string) => void = () => undefined,
  ) {
    this.publisher = new OrderedFusionPublisher((what, err) => onFailure(say('fusionDidNotTake', { what, detail: messageOf(err) })));
  }

  open(engagement: Engagement): void {
    const { eventId, direction, phoneNumber } = engagement;
    this.publisher.publish(eventId, `newCommEvent for call ${phoneNumber}`, async () => {
      try {
        const outData = await this.fusion.newCommEvent({ eventId, direction, phoneNumber, inData: engagement.fusionData });
        engagement.fusionData = { ...engagement.fusionData, ...outData };
        this.changed();
      } catch (err) {
        // Refused, Fusion has no engagement to start or close; not answered, it may have one, so the story goes on.
        if (err instanceof FusionRefusedError) engagement.unknownToFusion = true;
        throw err;
      }
    });
  }

  /** Publishes the effects of a transition, in order. */
  tell(engagement: Engagement, effects: readonly FusionEffect[]): void {
    for (const effect of effects) {
      // The first close says how the call ended (ENDCOMMUNICATION only closes Fusion's Wrap Up page after it).
      if (effect.kind === 'closeComm' && effect.reason !== 'ENDCOMMUNICATION') engagement.closedAs ??= effect.reason;
      this.publish(engagement, effect);
    }
  }

  private publish(engagement: Engagement, effect: FusionEffect): void {
    const { eventId, direction, phoneNumber } = engagement;
    const unlessUnknown = (what: string, publish: () => Promise<void>) =>
      this.publisher.publish(eventId, `${what} for call ${phoneNumber}`, async () => {
        if (engagement.unknownToFusion) this.log(`${what} for call ${eventId} not sent: Fusion refused its newCommEvent.`);
        else await publish();
      });
    switch (effect.kind) {
      case 'startComm':
        unlessUnknown('startCommEvent', () => this.fusion.startCommEvent({ eventId, direction, inData: engagement.fusionData }));
        break;
      case 'closeComm':
        unlessUnknown('closeCommEvent', () => this.fusion.closeCommEvent({ eventId, direction, reason: effect.reason, inData: engagement.fusionData }));
        break;
      case 'outboundError':
        // Fusion's click-to-dial is waiting for this whether or not it took the newCommEvent.
        this.publisher.publish(eventId, `outboundCommError for call ${phoneNumber}`, () =>
          this.fusion.outboundCommError({ eventId, errorCode: effect.errorCode, message: effect.message }),
        );
        break;
    }
  }
}
