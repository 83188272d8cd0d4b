/** `get_properties` with 1..16 items (EDP-PROP-1, EDP-PROP-2, EDP-RPC-3). */
import { PropertyBatchCommand } from './property-batch.command.js';

export class GetPropertiesCommand extends PropertyBatchCommand {
  protected readonly method = 'get_properties';
  protected readonly verb = 'get';
}
