/** The method dispatcher: one handler per EDP method, chosen by a plain switch. */
import type { Request } from '../../../src/protocol/index.js';
import type { EngineContext } from '../handler.js';
import { action } from './action.js';
import { getModel } from './get-model.js';
import { getProperties } from './get-properties.js';
import { setProperties } from './set-properties.js';

/** The `result` of a well-formed request (item codes inside; envelope errors were decided before). */
export function serveRequest(context: EngineContext, request: Request): unknown {
  switch (request.method) {
    case 'get_properties':
      return getProperties(context, request.params);
    case 'set_properties':
      return setProperties(context, request.params);
    case 'action':
      return action(context, request.params);
    case 'get_model':
      return getModel(context, request.params);
  }
}
