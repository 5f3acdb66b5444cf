// How the web client holds up against a busy fleet: airdisplayd, airdisplay-sim flying N banners with
// customers submitting, and the page in headless Chromium at 1440x900 signed in as an operator.
// Prints `bench:` lines: main-thread busy share, frames/s, search keystroke to paint and list click to
// panel (median and p99), the page's traffic and the events it received per second. Not part of CTest
// (its figures depend on the machine); run it by hand, on a quiet machine:
//   node tests/web/bench.js build/web/app/daemon/airdisplayd build/web/app/sim/airdisplay-sim \
//        [--banners 2000] [--rate 70] [--seconds 20] [--pan 10] [--telemetry 5000] [--idle] [--samples 100]
// --pan S: after the rest, drag the map round a circle for S seconds and print frames/s and the main
// thread's busy share while panning. --telemetry MS: the simulated devices' report interval.
// --pan-profile FILE: a CPU profile of the page while panning (.cpuprofile, for Chromium's DevTools).
// --explain-clicks: for the five slowest clicks, where their time went (the Event Timing API: waiting
// for the main thread, the handlers, the frame; and the Long Animation Frames' scripts), on stderr.
// --flying F: only the last F of the N banners fly (the others are registered demo banners), e.g.
// --banners 100000 --flying 9000: a process may hold 20,000 sockets on this machine (ulimit -n) and the
// gateway 10,000 connections (GatewayOptions::maxConnections).
// --identity: the page asks for uncompressed answers (Accept-Encoding: identity), to see what the
// gateway's compression saves on the page's traffic.
// --idle: the daemon registers N demo banners and nothing flies (no airdisplay-sim): the list's own
// cost with a large fleet, e.g. --banners 100000 --idle.
import { chromium } from 'playwright-core';
import { writeFileSync } from 'node:fs';
import { startFleet } from './fleet.js';

const [daemonBinary, simBinary] = process.argv.slice(2, 4);
const option = (name, fallback) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const BANNERS = option('banners', 2000);
const RATE = option('rate', 70); // submissions per second; each makes several events
const SECONDS = option('seconds', 20);
const PAN = option('pan', 0); // seconds of panning the map, after the steady state
const TELEMETRY_MS = option('telemetry', 5000);
const FLYING = option('flying', BANNERS); // the rest are registered, not flown (see fleet.js)
const IDLE = process.argv.includes('--idle');
const PAN_PROFILE = (() => {
    const i = process.argv.indexOf('--pan-profile');
    return i > 0 ? process.argv[i + 1] : null;
})();
const IDENTITY = process.argv.includes('--identity');
const EXPLAIN_CLICKS = process.argv.includes('--explain-clicks');
const SAMPLES = option('samples', 100); // keystrokes and clicks each: a p99 needs a hundred

if (!daemonBinary || !simBinary) {
    console.error('usage: node bench.js AIRDISPLAYD AIRDISPLAY_SIM [--banners N] [--rate R] [--seconds S] [--pan S] [--telemetry MS]');
    process.exit(2);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const percentile = (values, p) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const ms = (v) => `${v.toFixed(0)} ms`;

let browser;
let fleet;
try {
    fleet = await startFleet({ daemonBinary, simBinary, banners: BANNERS, rate: RATE, idle: IDLE, telemetryMs: TELEMETRY_MS, flying: FLYING });
    const { origin, operator } = fleet;
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
    page.on('pageerror', (e) => console.error(`bench: page error: ${e.message}`));
    await page.goto(`${origin}/`);
    await page.fill('#token', operator).catch(async (e) => {
        await page.screenshot({ path: '/tmp/airdisplay-bench-sign-in.png' });
        throw e;
    });
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
    const [bytesBefore, eventsBefore, fleetBefore, started] = [bytes, events, await fleet.eventsPublished(), Date.now()];
    await sleep(SECONDS * 1000);
    const wall = (Date.now() - started) / 1000;
    const fleetRate = ((await fleet.eventsPublished()) - fleetBefore) / ((Date.now() - started) / 1000);
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
    if (EXPLAIN_CLICKS) {
        await page.evaluate(() => {
            window.benchTimings = { events: [], frames: [] };
            new PerformanceObserver((list) => window.benchTimings.events.push(...list.getEntries().filter((e) => e.name === 'pointerdown' || e.name === 'click')
                .map((e) => ({ name: e.name, start: e.startTime, wait: e.processingStart - e.startTime, handlers: e.processingEnd - e.processingStart, duration: e.duration }))))
                .observe({ type: 'event', durationThreshold: 16 });
            new PerformanceObserver((list) => window.benchTimings.frames.push(...list.getEntries().map((f) => ({
                start: f.startTime, duration: f.duration, blocking: f.blockingDuration, render: f.renderStart ? f.startTime + f.duration - f.renderStart : 0,
                scripts: f.scripts.map((x) => ({ what: `${x.invokerType} ${x.invoker} ${x.sourceFunctionName || ''} ${(x.sourceURL || '').split('/').pop()}:${x.sourceCharPosition}`, start: x.startTime, duration: x.duration, layout: x.forcedStyleAndLayoutDuration })),
            })))).observe({ type: 'long-animation-frame' });
        });
    }
    const clicks = [];
    const clickStarts = [];
    for (let i = 0; i < SAMPLES; i += 1) {
        const id = 2 + (i % 20); // rows 2..21 are on screen; each click changes the panel
        await page.evaluate((bid) => {
            window.benchLatency = null;
            let t0 = 0;
            addEventListener('pointerdown', (e) => { t0 = e.timeStamp; window.benchClickStart = t0; }, { once: true, capture: true });
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
        clickStarts.push(await page.evaluate(() => window.benchClickStart));
        await sleep(150);
    }

    if (EXPLAIN_CLICKS) {
        const timings = await page.evaluate(() => window.benchTimings);
        const slowest = clicks.map((latency, i) => ({ latency, start: clickStarts[i] })).sort((a, b) => b.latency - a.latency).slice(0, 5);
        for (const c of slowest) {
            const end = c.start + c.latency;
            console.error(`bench: click of ${ms(c.latency)}`);
            for (const e of timings.events.filter((x) => x.start >= c.start - 1 && x.start < end))
                console.error(`    ${e.name}: waited ${ms(e.wait)}, handlers ${ms(e.handlers)}, to its paint ${ms(e.duration)}`);
            for (const f of timings.frames.filter((x) => x.start < end && x.start + x.duration > c.start)) {
                console.error(`    frame at ${ms(f.start - c.start)}: ${ms(f.duration)} (blocking ${ms(f.blocking)}, render ${ms(f.render)})`);
                for (const x of f.scripts.filter((y) => y.duration >= 2))
                    console.error(`        ${ms(x.duration)} (layout ${ms(x.layout)}) ${x.what}`);
            }
        }
    }

    // Panning: the map dragged round a circle without letting go, for PAN seconds, as a user looking
    // around the fleet does. Frames are those the page produced (requestAnimationFrame callbacks), the
    // busy share is the main thread's, both over the panning window only.
    let pan = null;
    if (PAN > 0) {
        const map = page.locator('#fleet-map');
        await map.scrollIntoViewIfNeeded();
        await sleep(500);
        const box = await map.boundingBox();
        const [cx, cy, r] = [box.x + box.width / 2, box.y + box.height / 2, Math.min(box.width, box.height) / 4];
        const before = await page.evaluate(() => document.getElementById('fleet-map').toDataURL());
        await page.mouse.move(cx + r, cy);
        await page.mouse.down();
        await page.mouse.move(cx + r, cy + 10, { steps: 2 }); // past the 4 px that tell a drag from a click
        if (PAN_PROFILE) {
            await cdp.send('Profiler.enable');
            await cdp.send('Profiler.start');
        }
        const busyBefore = await metric('TaskDuration');
        const framesBefore = await page.evaluate(() => window.benchFrames);
        const [bytesBefore, panStarted] = [bytes, Date.now()];
        // The button is held by the real (CDP) mouse; the moves come from the page, one per frame, as
        // Chromium delivers a real pointer's moves (aligned to animation frames): sending each over CDP
        // would pace the pan by the round trip, not by the page.
        await page.evaluate(([x, y, radius]) => {
            const canvas = document.getElementById('fleet-map');
            let angle = 0;
            window.benchPanMoves = 0;
            window.benchPanning = true;
            const move = () => {
                if (!window.benchPanning)
                    return;
                angle += 0.05;
                canvas.dispatchEvent(new PointerEvent('pointermove', {
                    pointerId: 1, pointerType: 'mouse', buttons: 1, bubbles: true,
                    clientX: x + radius * Math.cos(angle), clientY: y + 10 + radius * Math.sin(angle),
                }));
                window.benchPanMoves += 1;
                requestAnimationFrame(move);
            };
            requestAnimationFrame(move);
        }, [cx, cy, r]);
        await sleep(PAN * 1000);
        const moves = await page.evaluate(() => {
            window.benchPanning = false;
            return window.benchPanMoves;
        });
        const panWall = (Date.now() - panStarted) / 1000;
        pan = {
            wall: panWall,
            busy: ((await metric('TaskDuration')) - busyBefore) / panWall,
            frames: ((await page.evaluate(() => window.benchFrames)) - framesBefore) / panWall,
            moves: moves / panWall,
            traffic: (bytes - bytesBefore) / 1024 / panWall,
        };
        await page.mouse.up();
        if (PAN_PROFILE)
            writeFileSync(PAN_PROFILE, JSON.stringify((await cdp.send('Profiler.stop')).profile));
        const after = await page.evaluate(() => document.getElementById('fleet-map').toDataURL());
        if (after === before)
            throw new Error('the map did not move while panning');
    }

    console.log(`bench: fleet ${BANNERS} banners${IDLE ? ' idle' : `, ${FLYING} flying, ${RATE} submissions/s`}${IDENTITY ? ', uncompressed' : ''}, ${SECONDS} s measured; list: ${listed}`);
    console.log(`bench: list rows in the DOM ${await page.locator('.banner-row').count()}`);
    console.log(`bench: main thread busy ${((busy / wall) * 100).toFixed(1)} %`);
    console.log(`bench: frames ${(frames / wall).toFixed(1)} /s`);
    console.log(`bench: search keystroke to paint median ${ms(percentile(keystrokes, 50))}, p99 ${ms(percentile(keystrokes, 99))}`);
    console.log(`bench: list click to panel median ${ms(percentile(clicks, 50))}, p99 ${ms(percentile(clicks, 99))}`);
    console.log(`bench: layout shift ${(await page.evaluate(() => window.benchShift)).toFixed(3)}`);
    console.log(`bench: traffic ${((bytes - bytesBefore) / 1024 / wall).toFixed(1)} KB/s`);
    console.log(`bench: events received ${((events - eventsBefore) / wall).toFixed(1)} /s`);
    console.log(`bench: fleet events published ${fleetRate.toFixed(1)} /s`);
    if (pan) {
        console.log(`bench: panning ${pan.wall.toFixed(1)} s, pointer moves ${pan.moves.toFixed(1)} /s`);
        console.log(`bench: panning frames ${pan.frames.toFixed(1)} /s`);
        console.log(`bench: panning main thread busy ${(pan.busy * 100).toFixed(1)} %`);
        console.log(`bench: panning traffic ${pan.traffic.toFixed(1)} KB/s`);
    }
} finally {
    await browser?.close();
    await fleet?.stop();
}
