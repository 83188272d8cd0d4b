/** fast-check arbitrary of `set_properties` commands: batches mixing valid, invalid, read-only and unknown items. */
import type fc from 'fast-check';
import { SetPropertiesCommand } from '../commands/set-properties.command.js';
import type { ModelIndex } from '../judge/model-index.js';
import { batchOf } from './batch.js';
import { setItem } from './set-item.js';

export function setCommand(index: ModelIndex): fc.Arbitrary<SetPropertiesCommand> {
  return batchOf(setItem(index)).map((items) => new SetPropertiesCommand(items));
}
