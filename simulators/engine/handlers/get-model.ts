/** `get_model`: the model document the device runs (params, if any, are ignored). */
import type { MethodHandler } from '../handler.js';

export const getModel: MethodHandler<unknown> = (context) => context.compiled.model;
