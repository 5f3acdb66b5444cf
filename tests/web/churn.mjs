import WebSocket from 'ws';
const [port, token, n, mode] = process.argv.slice(2);
let done = 0;
async function one(i) {
  return new Promise((resolve) => {
    const ws = new WebSocket('ws://127.0.0.1:' + port + '/ws');
    ws.on('open', () => ws.send(JSON.stringify({type: 'auth', token})));
    ws.on('message', (m) => {
      const f = JSON.parse(m);
      if (f.type === 'welcome') {
        if (mode === 'sub') ws.send(JSON.stringify({type: 'subscribe', banners: 'all', batch: true, id: 1}));
        else ws.send(JSON.stringify({type: 'submit', bannerId: 1 + (i % 1000), text: 'x' + i, requestId: 'c' + i + Math.random(), id: 's'}));
        setTimeout(() => { ws.terminate(); resolve(); }, 5);
      }
    });
    ws.on('error', () => resolve());
  });
}
for (let i = 0; i < Number(n); i += 10) await Promise.all(Array.from({length: 10}, (_, k) => one(i + k)));
console.log('done');
