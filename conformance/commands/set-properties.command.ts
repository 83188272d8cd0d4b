/** `set_properties` with 1..16 items, mixed good and bad (EDP-PROP-3, EDP-PROP-4, EDP-PROP-2, EDP-NOTIFY-1/2). */
import { PropertyBatchCommand } from './property-batch.command.js';

export class SetPropertiesCommand extends PropertyBatchCommand {
  protected readonly method = 'set_properties';
  protected readonly verb = 'set';
}
