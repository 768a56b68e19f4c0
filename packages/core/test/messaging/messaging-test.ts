/**
 * Per-test setup shared by the messaging tests: the W3C propagators (whatever OTEL_PROPAGATORS
 * says), a fresh in-process broker and a recording tracer, all torn down after each test. Call it
 * at the top of a file or `describe`; read `broker` and `rec` inside tests.
 */
import { createPropagator, setPropagator } from '@tracewire/core';
import { recording, type Recording } from '../../../../test-support/recording';
import { InProcessBroker, type BrokerOptions } from './in-process-broker';

export interface MessagingTest {
  readonly broker: InProcessBroker;
  readonly rec: Recording;
}

export function messagingTest(options?: BrokerOptions): MessagingTest {
  const state = {} as { broker: InProcessBroker; rec: Recording };
  beforeEach(() => {
    setPropagator(createPropagator(['tracecontext', 'baggage']));
    state.broker = new InProcessBroker(options);
    state.rec = recording();
  });
  afterEach(async () => {
    await state.broker.close();
    await state.rec.tracer.shutdown();
    setPropagator(undefined);
  });
  return state;
}
