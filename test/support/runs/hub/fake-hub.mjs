// A stand-in hub process for launcher tests: MODE --config FILE. It only plays the process
// contract of PROTOCOL.md section 8 (READY line, SIGTERM), not the Hub API.
import { readFileSync, statSync } from 'node:fs';

const [mode, flag, file] = process.argv.slice(2);
if (flag !== '--config') {
  console.error(`expected --config FILE, got ${process.argv.slice(2).join(' ')}`);
  process.exit(64);
}
const config = JSON.parse(readFileSync(file, 'utf8'));
console.log(
  `fake hub starting; listen ${config.listen}; apps ${config.apps.length}; mode ${(statSync(file).mode & 0o777).toString(8)}`,
);
const keepAlive = setInterval(() => {}, 1_000);
switch (mode) {
  case 'ready':
    console.error('some log line on stderr');
    setTimeout(() => console.log('EDP-HUB READY on the configured port'), 100);
    process.on('SIGTERM', () => {
      console.log('stopping on SIGTERM');
      process.exit(0);
    });
    break;
  case 'never-ready':
    for (let i = 1; i <= 50; i++) console.log(`still starting ${i}`);
    console.log('\u001b[31mred\u001b[0m');
    break;
  case 'exit-early':
    console.error('cannot bind: address in use');
    process.exit(3);
    break;
  case 'stubborn':
    process.on('SIGTERM', () => console.log('ignoring SIGTERM'));
    console.log('EDP-HUB READY');
    break;
  case 'exit-mid-run':
    console.log('EDP-HUB READY');
    setTimeout(() => {
      console.error('hub crashed');
      process.exit(7);
    }, 500);
    break;
  default:
    clearInterval(keepAlive);
    console.error(`unknown mode ${mode}`);
    process.exit(64);
}
