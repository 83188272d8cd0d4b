/** The benchmark's side of phase-protocol.ts: a phase in a process of its own, resolved once connected. */
import { fork } from 'node:child_process';
import type { BenchBroker } from './broker.js';
import type { PhaseMessage, PhaseResult } from './phase-protocol.js';

export interface Phase {
  readonly result: PhaseResult & { brokerCpuMs: number };
  stop(): Promise<{ stopMs: number; graceful: number }>;
}

export function runPhase(broker: BenchBroker, script: string, args: readonly string[]): Promise<Phase> {
  const brokerCpu0 = broker.cpuMs();
  const child = fork(new URL(script, import.meta.url), args, {
    execArgv: ['--expose-gc', '--import', 'tsx'],
    stdio: 'inherit',
  });
  const messages: PhaseMessage[] = [];
  const waiters: (() => void)[] = [];
  child.on('message', (m: PhaseMessage) => {
    messages.push(m);
    for (const w of waiters.splice(0)) w();
  });
  child.once('exit', () => {
    for (const wake of waiters.splice(0)) wake();
  });
  const next = (type: PhaseMessage['type']): Promise<PhaseMessage> =>
    new Promise((resolve, reject) => {
      const check = () => {
        const found = messages.find((m) => m.type === type || m.type === 'failed');
        if (found?.type === 'failed') return reject(new Error(`${script} failed: ${found.message}`));
        if (found) return resolve(found);
        if (child.exitCode !== null) return reject(new Error(`${script} exited with ${child.exitCode}`));
        waiters.push(check);
      };
      check();
    });
  return next('connected').then((m) => ({
    result: {
      ...(m as Extract<PhaseMessage, { type: 'connected' }>).result,
      brokerCpuMs: broker.cpuMs() - brokerCpu0,
    },
    async stop() {
      child.send({ type: 'stop' });
      const stopped = (await next('stopped')) as Extract<PhaseMessage, { type: 'stopped' }>;
      await new Promise((resolve) =>
        child.exitCode === null ? child.once('exit', resolve) : resolve(undefined),
      );
      return { stopMs: stopped.stopMs, graceful: stopped.graceful };
    },
  }));
}
