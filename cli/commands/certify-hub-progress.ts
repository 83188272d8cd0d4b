/**
 * How `fleetcert certify hub` shows its progress: on a terminal, one line redrawn in place as
 * each app session starts ("EDP-HUB-3 session 7/10"), then a line per rule verdict; off a
 * terminal (CI logs), no session lines: the phase and at most a line per rule. Pure text; the
 * handler writes it (to stderr). Rule and verdict words come from the judge, not the hub, so
 * only phase text is escaped.
 */
import type { HubProgressEvent, HubSessionProgress } from '../../conformance/suites/hub/index.js';
import { escapeControl } from '../../src/index.js';
import { dim, green, red } from './certify-progress.js';

const CLEAR = '\r\u001b[2K';

/**
 * The text to write for one event, or '' for nothing. `terminal`: redraw session lines in
 * place (cursor control); `colour`: ANSI colours (a terminal, unless NO_COLOR).
 */
export function hubProgressText(event: HubProgressEvent, terminal: boolean, colour = terminal): string {
  const clear = terminal ? CLEAR : '';
  switch (event.kind) {
    case 'phase': {
      const text = `  · ${escapeControl(event.text)}`;
      return `${clear}${colour ? dim(text) : text}\n`;
    }
    case 'session': {
      if (!terminal) return '';
      const text = `  · ${sessionText(event)}`;
      return `${CLEAR}${colour ? dim(text) : text}`;
    }
    case 'rule': {
      const mark = event.verdict === 'passed' ? '✓' : event.verdict === 'failed' ? '✗' : '-';
      const painted =
        !colour || event.verdict === 'not-run' ? mark : event.verdict === 'passed' ? green(mark) : red(mark);
      const verdict = event.verdict === 'not-run' ? 'not run' : event.verdict;
      return `${clear}  ${painted} ${event.rule} ${verdict}\n`;
    }
  }
}

/** `EDP-HUB-3 session 7/10`, `EDP-HUB-2 scenario 2/6`, `fixed check 1/3`, … */
export function sessionText(progress: HubSessionProgress): string {
  const rule = progress.rule === undefined ? '' : `${progress.rule} `;
  const count = progress.of === undefined ? `${progress.session}` : `${progress.session}/${progress.of}`;
  switch (progress.stage) {
    case 'scenario':
      return `${rule}scenario ${count}`;
    case 'explore':
      // Sessions that judged nothing of the rule (another rule broke first) are run on top of its share.
      return progress.of !== undefined && progress.session > progress.of
        ? `${rule}session ${progress.session} (${progress.of} to judge; some judged nothing)`
        : `${rule}session ${count}`;
    case 'shrink':
      return `${rule}failed: shrinking, session ${progress.session}`;
    case 'replay':
      return `${rule}replaying the failure`;
    case 'fixed':
      // The fixed checks the cast allows (capacity, an unknown token, an array frame).
      return `fixed check ${count}`;
  }
}
