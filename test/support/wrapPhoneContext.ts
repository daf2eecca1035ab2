import type { IPhoneContext, UefGlobal } from '../../src/ts/cti/fusion/uef';

/** A UEF client whose phone context is `wrap` of the real one (the stand-in's): a test watches or changes what passes. */
export function wrapPhoneContext(real: UefGlobal, wrap: (phone: IPhoneContext) => IPhoneContext): UefGlobal {
  return {
    uiEventsFramework: {
      initialize: async (name, version) => {
        const provider = await real.uiEventsFramework.initialize(name, version);
        return {
          requestHelper: provider.requestHelper,
          getMultiChannelAdaptorContext: async () => {
            const mca = await provider.getMultiChannelAdaptorContext();
            return { getCommunicationChannelContext: async (channel) => wrap(await mca.getCommunicationChannelContext(channel)) };
          },
        };
      },
    },
  };
}
