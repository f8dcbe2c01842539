// Measures serve's edit-to-reload latency: connects to the live-reload WebSocket of a running
// `whitecoat serve`, appends a sentence to an article N times, and times each edit until the
// reload message arrives. Usage: node --experimental-websocket benches/reload_latency.mjs PORT ARTICLE N
import { appendFileSync } from 'node:fs';

const [, , port, file, count] = process.argv;
const ws = new WebSocket(`ws://127.0.0.1:${port}/__whitecoat/ws`, { headers: { Origin: `http://127.0.0.1:${port}` } });
const times = [];
let started = 0;
let edits = 0;
const timeout = setTimeout(() => { console.error('no reload message within 120 s'); process.exit(1); }, 120000);

ws.onmessage = (message) => {
  const isReload = JSON.parse(message.data).type === 'reload';
  if (isReload && started) times.push(performance.now() - started);
  if (edits < Number(count)) {
    // Let the previous rebuild settle before the next edit.
    setTimeout(() => {
      edits += 1;
      started = performance.now();
      appendFileSync(file, `\nEdit number ${edits} adds a sentence.\n`);
    }, 300);
  } else {
    clearTimeout(timeout);
    times.sort((a, b) => a - b);
    console.log(`edit to reload message: median ${times[Math.floor(times.length / 2)].toFixed(0)} ms over ${times.length} edits`);
    process.exit(0);
  }
};
