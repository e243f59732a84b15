import { Injectable } from '@nestjs/common';

/** The steps of a payout between which a process can die. */
export type PayoutStep =
  /** The payout row is recorded (requested), the provider not asked yet. */
  | 'after-request-recorded'
  /** The provider answered with the transfer; nothing of it recorded yet. */
  | 'after-transfer'
  /** Inside the transaction that records the transfer, before it commits. */
  | 'while-recording';

/**
 * A test seam: does nothing, unless a test names a step at which the next run should die. Tests
 * use it to prove a crash between any two steps, followed by a rerun, pays exactly once.
 */
@Injectable()
export class PayoutFaults {
  private crashAt: PayoutStep | null = null;

  /** The next time a payout reaches `step`, it throws as if the process had died there. */
  crashOnceAt(step: PayoutStep | null): void {
    this.crashAt = step;
  }

  reached(step: PayoutStep): void {
    if (this.crashAt !== step) return;
    this.crashAt = null;
    throw new SimulatedCrash(step);
  }
}

export class SimulatedCrash extends Error {
  constructor(readonly step: PayoutStep) {
    super(`Simulated crash ${step}`);
    this.name = 'SimulatedCrash';
  }
}
