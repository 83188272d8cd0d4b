/**
 * Results of an earlier schema, read as the current one: a `fleetcert.certification-result/1`
 * file is a device result whose subject sat under `device`. Its seal covered the /1 form, so
 * the upgraded result carries none: whoever writes it again (`report render`) checks the old
 * seal on the file as read, then seals the /2 form anew (a /1 signature does not carry over).
 */
import { CERTIFICATION_RESULT_SCHEMA, CERTIFICATION_RESULT_SCHEMA_V1 } from '../../src/result/index.js';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** Whether `value` is a result of the earlier, device-only schema. */
export function isV1Result(value: unknown): value is Record<string, unknown> {
  return isRecord(value) && value.schema === CERTIFICATION_RESULT_SCHEMA_V1;
}

/** `value` in the current schema's shape when it is a /1 result; anything else unchanged. */
export function upgradeResult(value: unknown): unknown {
  if (!isV1Result(value)) return value;
  const { device, integrity: _integrity, schema: _schema, ...rest } = value;
  return {
    schema: CERTIFICATION_RESULT_SCHEMA,
    ...rest,
    subject: isRecord(device) ? { kind: 'device', ...device } : device,
  };
}
