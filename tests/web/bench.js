// How the web client holds up against a busy fleet: airdisplayd, airdisplay-sim flying N banners with
// customers submitting, and the page in headless Chromium at 1440x900 signed in as an operator.
// Prints `bench:` lines: main-thread busy share, frames/s, search keystroke to paint and list click to
// panel (median and p99), the page's traffic and the events it received per second. Not part of CTest
// (its figures depend on the machine); run it by hand, on a quiet machine:
//   node tests/web/bench.js build/web/app/daemon/airdisplayd build/web/app/sim/airdisplay-sim \
//        [--banners 2000] [--rate 70] [--seconds 20] [--idle]
// --identity: the page asks for uncompressed answers (Accept-Encoding: identity), to see what the
// gateway's compression saves on the page's traffic.
// --idle: the daemon registers N demo banners and nothing flies (no airdisplay-sim): the list's own
// cost with a large fleet, e.g. --banners 100000 --idle.
import { chromium } from 'playwright-core';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './daemon.js';

const [daemonBinary, simBinary] = process.argv.slice(2, 4);
const option = (name, fallback) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const BANNERS = option('banners', 2000);
const RATE = option('rate', 70); // submissions per second; each makes several events
const SECONDS = option('seconds', 20);
const IDLE = process.argv.includes('--idle');
const IDENTITY = process.argv.includes('--identity');
const SAMPLES = 20;

if (!daemonBinary || !simBinary) {
    console.error('usage: node bench.js AIRDISPLAYD AIRDISPLAY_SIM [--banners N] [--rate R] [--seconds S]');
    process.exit(2);
}

const work = mkdtempSync(join(tmpdir(), 'airdisplay-bench-'));
const db = join(work, 'bench.db');
const port = await freePort();
const origin = `http://127.0.0.1:${port}`;
const children = [];
const run = (binary, args) => {
    const child = spawn(binary, args, { stdio: ['ignore', 'ignore', 'ignore'] });
    children.push(child);
    return child;
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const token = (role) => execFileSync(daemonBinary, ['token', '--db', db, 'create', '--role', role, '--label', `bench ${role}`],
    { encoding: 'utf8' }).trim().split('\n').pop();
const percentile = (values, p) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const ms = (v) => `${v.toFixed(0)} ms`;

let browser;
try {
    const admin = token('admin');
    const operator = token('operator');
    run(daemonBinary, ['--db', db, '--listen', `127.0.0.1:${port}`, '--display-seconds', '10', '--metrics-interval', '0',
        ...(IDLE ? ['--register-demo-fleet', String(BANNERS)] : [])]);
    for (let i = 0; !(await fetch(`${origin}/healthz`).then((r) => r.ok, () => false)); i += 1) {
        if (i > 200)
            throw new Error('airdisplayd did not start');
        await sleep(50);
    }
    if (IDLE) {
        // The demo fleet is registered just after the daemon starts answering.
        for (let i = 0; (await fetch(`${origin}/api/v1/banners/${BANNERS}`, { headers: { Authorization: `Bearer ${admin}` } })).status !== 200; i += 1) {
            if (i > 1200)
                throw new Error('the demo fleet was not registered');
            await sleep(100);
        }
    } else {
        run(simBinary, ['--url', `ws://127.0.0.1:${port}/ws`, '--token', admin, '--banners', String(BANNERS),
            '--customers', '4', '--submit-rate', String(RATE), '--telemetry-interval', '5000']);
        // Provisioned and flying: every banner has reported a position.
        for (let i = 0; ; i += 1) {
            const page = await fetch(`${origin}/api/v1/banners?limit=1000&after=${BANNERS - 1000}`, { headers: { Authorization: `Bearer ${admin}` } })
                .then((r) => r.json(), () => ({ banners: [] }));
            if ((page.banners ?? []).filter((b) => b.position).length >= Math.min(BANNERS, 1000) * 0.95)
                break;
            if (i > 240)
                throw new Error('the simulated fleet did not report positions');
            await sleep(500);
        }
    }
    console.error('bench: fleet flying');
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    await cdp.send('Network.enable');
    if (IDENTITY)
        await cdp.send('Network.setExtraHTTPHeaders', { headers: { 'Accept-Encoding': 'identity' } });
    let bytes = 0;
    let events = 0;
    cdp.on('Network.dataReceived', (e) => { bytes += e.encodedDataLength; });
    cdp.on('Network.webSocketFrameReceived', (e) => {
        bytes += e.response.payloadData.length;
        events += (e.response.payloadData.match(/"type":"event"/g) ?? []).length;
    });
    // Layout shift over the whole visit, as Lighthouse adds it up (shifts right after input excluded).
    await page.addInitScript(() => {
        window.benchShift = 0;
        new PerformanceObserver((list) => {
            for (const e of list.getEntries()) {
                if (!e.hadRecentInput)
                    window.benchShift += e.value;
            }
        }).observe({ type: 'layout-shift', buffered: true });
    });
    await page.goto(`${origin}/`);
    await page.fill('#token', operator);
    await page.click('#sign-in-button');
    await page.waitForSelector('#connection[data-state="open"]');
    await page.waitForSelector('.banner-row');
    // The list loads the fleet a page at a time in the background: measure once it holds all of it.
    await page.waitForFunction(() => /^\d+ banners\.$/.test(document.getElementById('list-summary').textContent), null, { timeout: 300000 });
    const listed = await page.textContent('#list-summary');
    await page.click('.banner-button');
    console.error('bench: signed in; measuring');
    await sleep(5000); // the first position round and the map settle

    // Steady state: nothing but the live fleet.
    const metric = async (name) => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === name).value;
    await page.evaluate(() => {
        window.benchFrames = 0;
        const count = () => {
            window.benchFrames += 1;
            requestAnimationFrame(count);
        };
        requestAnimationFrame(count);
    });
    const busyBefore = await metric('TaskDuration');
    const [bytesBefore, eventsBefore, started] = [bytes, events, Date.now()];
    await sleep(SECONDS * 1000);
    const wall = (Date.now() - started) / 1000;
    const busy = (await metric('TaskDuration')) - busyBefore;
    const frames = await page.evaluate(() => window.benchFrames);

    // Input to the next paint: from the event's own time (so waiting for a busy main thread counts)
    // to a task queued after the next frame.
    // The listener is in place before the input is sent; the figure is read once it is there.
    const latency = async () => {
        await page.waitForFunction(() => window.benchLatency !== null, null, { timeout: 60000 });
        return page.evaluate(() => window.benchLatency);
    };
    const keystrokes = [];
    await page.focus('#banner-search');
    for (let i = 0; i < SAMPLES; i += 1) {
        await page.evaluate(() => {
            window.benchLatency = null;
            addEventListener('input', (e) => {
                requestAnimationFrame(() => setTimeout(() => { window.benchLatency = performance.now() - e.timeStamp; }, 0));
            }, { once: true, capture: true });
        });
        await page.keyboard.type(String((i % 9) + 1));
        keystrokes.push(await latency());
        if (i % 4 === 3)
            await page.fill('#banner-search', '');
        await sleep(150);
    }
    await page.fill('#banner-search', '');
    const clicks = [];
    for (let i = 0; i < SAMPLES; i += 1) {
        const id = 2 + i;
        await page.evaluate((bid) => {
            window.benchLatency = null;
            let t0 = 0;
            addEventListener('pointerdown', (e) => { t0 = e.timeStamp; }, { once: true, capture: true });
            const title = document.getElementById('banner-title');
            new MutationObserver((_, observer) => {
                if (title.textContent.endsWith(`#${bid}`)) {
                    observer.disconnect();
                    requestAnimationFrame(() => setTimeout(() => { window.benchLatency = performance.now() - t0; }, 0));
                }
            }).observe(title, { childList: true, characterData: true, subtree: true });
        }, id);
        await page.click(`.banner-button[data-banner-id="${id}"]`);
        clicks.push(await latency());
        await sleep(150);
    }

    console.log(`bench: fleet ${BANNERS} banners${IDLE ? ' idle' : `, ${RATE} submissions/s`}${IDENTITY ? ', uncompressed' : ''}, ${SECONDS} s measured; list: ${listed}`);
    console.log(`bench: list rows in the DOM ${await page.locator('.banner-row').count()}`);
    console.log(`bench: main thread busy ${((busy / wall) * 100).toFixed(1)} %`);
    console.log(`bench: frames ${(frames / wall).toFixed(1)} /s`);
    console.log(`bench: search keystroke to paint median ${ms(percentile(keystrokes, 50))}, p99 ${ms(percentile(keystrokes, 99))}`);
    console.log(`bench: list click to panel median ${ms(percentile(clicks, 50))}, p99 ${ms(percentile(clicks, 99))}`);
    console.log(`bench: layout shift ${(await page.evaluate(() => window.benchShift)).toFixed(3)}`);
    console.log(`bench: traffic ${((bytes - bytesBefore) / 1024 / wall).toFixed(1)} KB/s`);
    console.log(`bench: events received ${((events - eventsBefore) / wall).toFixed(1)} /s`);
} finally {
    await browser?.close();
    for (const child of children.reverse()) {
        child.kill('SIGTERM');
        await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
    }
    rmSync(work, { recursive: true, force: true });
}
