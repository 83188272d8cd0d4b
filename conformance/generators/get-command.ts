/** fast-check arbitrary of `get_properties` commands: batches of readable, unreadable and unknown items. */
import type fc from 'fast-check';
import { GetPropertiesCommand } from '../commands/get-properties.command.js';
import type { ModelIndex } from '../judge/model-index.js';
import { batchOf } from './batch.js';
import { getItem } from './get-item.js';

export function getCommand(index: ModelIndex): fc.Arbitrary<GetPropertiesCommand> {
  return batchOf(getItem(index)).map((items) => new GetPropertiesCommand(items));
}
