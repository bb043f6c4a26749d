/**
 * Stand-ins of Northflank and Qovery for tests and demos: `startStandins()` starts both on 127.0.0.1 (free
 * ports) with fixture data and returns their base URLs; point the clients (or `secretdef --api-url`, or
 * NORTHFLANK_API_URL / QOVERY_API_URL) at them.
 */
import { DEMO_NORTHFLANK, DEMO_QOVERY } from './fixtures';
import { NorthflankStandin, type NorthflankFixture } from './northflank';
import { QoveryStandin, type QoveryFixture } from './qovery';

export { Faults, type Fault, type FaultMatch, type FaultOptions } from './faults';
export { NorthflankStandin, type NorthflankFixture } from './northflank';
export { QoveryStandin, type QoveryFixture } from './qovery';
export type { RecordedRequest } from './server';
export * from './fixtures';

export interface Standins {
  northflank: NorthflankStandin;
  qovery: QoveryStandin;
  urls: { northflank: string; qovery: string };
  close(): Promise<void>;
}

/** Starts both stand-ins (the demo fixtures unless others are given); resolves once both listen. */
export async function startStandins(fixtures: { northflank?: NorthflankFixture; qovery?: QoveryFixture } = {}): Promise<Standins> {
  const northflank = new NorthflankStandin(fixtures.northflank ?? DEMO_NORTHFLANK);
  const qovery = new QoveryStandin(fixtures.qovery ?? DEMO_QOVERY);
  const [nf, q] = await Promise.all([northflank.start(), qovery.start()]);
  return {
    northflank,
    qovery,
    urls: { northflank: nf, qovery: q },
    close: async () => {
      await Promise.all([northflank.close(), qovery.close()]);
    },
  };
}
