/**
 * The demo's closing lines are read by a partner who installed the package, not a checkout:
 * every command they suggest must work there (`npx fleetcert …`, never `npm start -- …`).
 */
import { describe, expect, it } from 'vitest';
import { demoSummaryText } from '../../cli/commands/start-certify.js';

describe('demoSummaryText', () => {
  it('suggests `npx fleetcert start --serve`, not a checkout-only npm script', () => {
    const text = demoSummaryText({ certifications: [], summaryPath: '/tmp/out/index.html' });
    expect(text).toContain('`npx fleetcert start --serve` keeps the demo devices running');
    expect(text).not.toMatch(/npm start/);
    for (const command of text.match(/`[^`]+`/g) ?? []) expect(command).toMatch(/^`npx fleetcert /);
  });
});
