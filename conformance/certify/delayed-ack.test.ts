/** Issue 11: certify notices round trips clustered at the delayed-ACK time and names the broker setting. */
import { describe, expect, it } from 'vitest';
import { delayedAckAdvice } from './delayed-ack.js';

describe('delayedAckAdvice', () => {
  it('names set_tcp_nodelay when most round trips take ~40 ms (a default Mosquitto)', () => {
    const latencies = Array.from({ length: 200 }, (_, i) => 43 + (i % 5));
    const advice = delayedAckAdvice(latencies);
    expect(advice).toContain('set_tcp_nodelay true');
    expect(advice).toMatch(/^100% of 200 round trips took 38–60 ms \(p50 45\.0 ms\)/);
  });

  it('says nothing for fast round trips, slow devices spread over time, or too few round trips', () => {
    expect(delayedAckAdvice(Array.from({ length: 200 }, () => 0.6))).toBeUndefined();
    expect(delayedAckAdvice(Array.from({ length: 200 }, (_, i) => i * 5))).toBeUndefined();
    expect(delayedAckAdvice([44, 45, 46])).toBeUndefined();
  });
});
