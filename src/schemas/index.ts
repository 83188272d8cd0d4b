/** The face of src/schemas/: what other roots use from it (they import nothing deeper). */

export type { PublishedSchema } from './published-schemas.js';
export { readPublishedSchema } from './published-schemas.js';
