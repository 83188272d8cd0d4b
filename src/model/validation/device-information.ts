/**
 * Service 1, `device-information`, is mandatory with four read-only strings (PROTOCOL.md
 * section 2). They must not be volatile either: presence and `hello` carry properties (1, 2)
 * and (1, 4), so they must hold still.
 */
import { isFormat } from '../formats.js';
import { DEVICE_INFORMATION_SIID } from '../types.js';
import type { ProblemCollector } from './problems.js';
import { canRead, canWrite } from './property.js';
import type { ServiceAnalysis } from './service.js';

const REQUIRED = [
  [1, 'manufacturer'],
  [2, 'model'],
  [3, 'serial-number'],
  [4, 'firmware-revision'],
] as const;

export const DEVICE_INFORMATION_NAME = 'device-information';

export function checkDeviceInformation(
  services: readonly ServiceAnalysis[],
  servicesPath: string,
  problems: ProblemCollector,
): void {
  const info = services.find((service) => service.siid === DEVICE_INFORMATION_SIID);
  if (info === undefined) {
    problems.add(
      servicesPath,
      'service 1 (device-information) is missing',
      'Add { "siid": 1, "name": "device-information" } with string properties manufacturer (1), model (2), serial-number (3) and firmware-revision (4), access ["read"].',
    );
    return;
  }
  if (
    info.raw !== undefined &&
    info.raw.name !== DEVICE_INFORMATION_NAME &&
    typeof info.raw.name === 'string' &&
    info.raw.name !== ''
  ) {
    problems.add(
      `${info.path}.name`,
      `service 1 must be named "device-information", got ${JSON.stringify(info.raw.name)}`,
      'Rename service 1 to "device-information".',
    );
  }
  for (const [piid, name] of REQUIRED) {
    const property = info.properties.get(piid);
    if (property === undefined) {
      problems.add(
        `${info.path}.properties`,
        `device-information has no property ${piid} (${name})`,
        `Add { "piid": ${piid}, "name": "${name}", "format": "string", "access": ["read"] }.`,
      );
      continue;
    }
    const raw = property.raw;
    if (typeof raw?.name === 'string' && raw.name !== '' && raw.name !== name) {
      problems.add(
        `${property.path}.name`,
        `device-information property ${piid} must be named "${name}", got ${JSON.stringify(raw.name)}`,
        `Rename it to "${name}".`,
      );
    }
    if (isFormat(raw?.format) && raw.format !== 'string') {
      problems.add(
        `${property.path}.format`,
        `${name} must be a string, got format ${raw.format}`,
        'Use "format": "string".',
      );
    }
    if (property.access !== undefined && (!canRead(property) || canWrite(property))) {
      problems.add(
        `${property.path}.access`,
        `${name} must be read-only: readable and not writable`,
        'Use "access": ["read"].',
      );
    }
    if (property.volatile) {
      problems.add(
        `${property.path}.volatile`,
        `${name} must not be volatile: presence and hello carry it`,
        'Remove "volatile".',
      );
    }
  }
}
