/**
 * cli/: the command line, the top floor. Resolves options once at its edge (cli/edge.ts), calls
 * one runs/ function per command, prints. Nothing imports cli/.
 */
export { main, run } from './main.js';
