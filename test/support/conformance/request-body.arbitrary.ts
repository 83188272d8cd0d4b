/** Test helper: fast-check arbitrary of request bodies from the suite's own item generators. */
import fc from 'fast-check';
import { actionCall } from '../../../conformance/generators/action-call.js';
import { batchOf } from '../../../conformance/generators/batch.js';
import { getItem } from '../../../conformance/generators/get-item.js';
import { setItem } from '../../../conformance/generators/set-item.js';
import type { ModelIndex } from '../../../conformance/judge/model-index.js';
import type { RequestBody } from '../../../conformance/judge/predict-request.js';

export function requestBody(index: ModelIndex): fc.Arbitrary<RequestBody> {
  return fc.oneof(
    batchOf(getItem(index)).map(
      (items): RequestBody => ({ method: 'get_properties', params: items.map((i) => i.item) }),
    ),
    {
      weight: 2,
      arbitrary: batchOf(setItem(index)).map(
        (items): RequestBody => ({ method: 'set_properties', params: items.map((i) => i.item) }),
      ),
    },
    {
      weight: 2,
      arbitrary: actionCall(index).map((call): RequestBody => ({ method: 'action', params: call.params })),
    },
  );
}
