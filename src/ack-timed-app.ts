/**
 * Bolt's App, timing every ack: both receivers (HTTP and Socket Mode) hand each request to
 * `processEvent` with the `ack` that answers Slack, so the time from there to that ack is what Slack waits
 * for, in either mode. The kind of request comes from its body; nothing else of it is kept.
 */
import { performance } from 'node:perf_hooks';
import { App, type AppOptions, type ReceiverEvent } from '@slack/bolt';
import { ackKindOf, type AckKind } from './metrics.ts';

export type AckObserver = (kind: AckKind, seconds: number) => void;

export class AckTimedApp extends App {
  private readonly observeAck: AckObserver;

  constructor(options: AppOptions, observeAck: AckObserver) {
    super(options);
    this.observeAck = observeAck;
  }

  override async processEvent(event: ReceiverEvent): Promise<void> {
    const started = performance.now();
    const kind = ackKindOf(event.body);
    const ack = event.ack;
    let acked = false;
    const timedAck: ReceiverEvent['ack'] = async (response) => {
      try {
        await ack(response);
      } finally {
        if (!acked) this.observeAck(kind, (performance.now() - started) / 1000);
        acked = true;
      }
    };
    return super.processEvent({ ...event, ack: timedAck });
  }
}
