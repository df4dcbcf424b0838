import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { SimEngine } from './engine';
import type { CheckoutConfig, SimDispute, SimPayment, SimPlan, SimRefund } from './model';

/**
 * What Whop would remember across a restart of the simulator: plans, checkout configurations,
 * payments, refunds and disputes. Not kept: webhooks still to be retried, settlements still to come
 * and chaos (the API's sweep asks Whop for what a lost webhook would have told).
 */
interface Snapshot {
  version: 1;
  plans: SimPlan[];
  configs: CheckoutConfig[];
  payments: SimPayment[];
  refunds: SimRefund[];
  disputes: SimDispute[];
}

const DATE_FIELDS = new Set(['createdAt', 'updatedAt', 'paidAt', 'deletedAt']);

export class StateFileError extends Error {
  constructor(file: string, reason: string) {
    super(`the simulator's state in ${file} cannot be read (${reason}); move the file away to start with an empty simulator`);
  }
}

/** Fills an empty engine with the state kept in `file`; a missing file is an empty state. */
export function restoreState(engine: SimEngine, file: string): void {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new StateFileError(file, (err as Error).message);
  }
  let snapshot: Snapshot;
  try {
    snapshot = JSON.parse(text, (key, value: unknown) => (DATE_FIELDS.has(key) && typeof value === 'string' ? new Date(value) : value)) as Snapshot;
  } catch (err) {
    throw new StateFileError(file, (err as Error).message);
  }
  const lists = [snapshot?.plans, snapshot?.configs, snapshot?.payments, snapshot?.refunds, snapshot?.disputes];
  if (snapshot?.version !== 1 || !lists.every(Array.isArray)) throw new StateFileError(file, 'not a version 1 state');
  for (const plan of snapshot.plans) engine.plans.set(plan.id, plan);
  for (const config of snapshot.configs) engine.configs.set(config.id, config);
  engine.payments.push(...snapshot.payments);
  engine.refunds.push(...snapshot.refunds);
  engine.disputes.push(...snapshot.disputes);
}

/** Writes the engine's state to `file` whole: a new file renamed over the old, so a crash leaves one or the other. */
export function saveState(engine: SimEngine, file: string): void {
  const snapshot: Snapshot = {
    version: 1,
    plans: [...engine.plans.values()],
    configs: [...engine.configs.values()],
    payments: engine.payments,
    refunds: engine.refunds,
    disputes: engine.disputes,
  };
  mkdirSync(path.dirname(file), { recursive: true });
  const next = `${file}.${process.pid}.tmp`;
  writeFileSync(next, JSON.stringify(snapshot));
  renameSync(next, file);
}
