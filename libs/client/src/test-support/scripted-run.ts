// A user's script for the specs that need a process of its own (signals, the end of a script): MODE picks what it does.
import { init } from '../index';

const mode = process.env.MODE ?? 'exit';
const run = await init({
  name: `scripted-${mode}`,
  server: process.env.SERVER,
  spoolDir: process.env.SPOOL,
  interrupt: mode === 'abort' ? 'abort' : 'exit',
  log: (line) => console.log(line),
});
run.log({ loss: 1 });
if (mode === 'forget') {
  // Returns without run.finish(): the run must still end, as finished.
} else {
  const logging = setInterval(() => run.log({ loss: Math.random() }), 20);
  run.signal.addEventListener('abort', () => {
    clearInterval(logging);
    if (mode === 'abort') void run.stop().then((end) => console.log(`ended ${end.status}`));
  });
  console.log('ready');
}
