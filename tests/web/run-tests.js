// End-to-end tests of the web client: headless Chromium (Debian's) driven by playwright-core against a
// real airdisplayd with simulated devices. Usage: node run-tests.js /path/to/airdisplayd
import { chromium } from 'playwright-core';
import { mkdtempSync, readFileSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { Daemon, freePort } from './daemon.js';
import { Devices } from './devices.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const binary = process.argv[2];
const verbose = process.env.WEB_TEST_VERBOSE === '1';
// The README's pictures are refreshed with WEB_SCREENSHOT_DIR=docs/screenshots; a plain run leaves the
// source tree alone.
const screenshots = process.env.WEB_SCREENSHOT_DIR ?? join(tmpdir(), 'airdisplay-web-screenshots');
const work = mkdtempSync(join(tmpdir(), 'airdisplay-web-'));
const serverLog = [];
const log = (chunk) => {
    serverLog.push(String(chunk));
    if (verbose)
        process.stderr.write(chunk);
};

const BANNERS = 8;
// Banners 1..6 have a simulated device; 7 and 8 have none, so what is sent to them stays queued.
const WITH_DEVICE = 6;
const TEST_TIMEOUT_MS = 90000;

const tests = [];
// timeoutMs: for the few tests that start a large fleet of their own.
const test = (name, fn, { timeoutMs = TEST_TIMEOUT_MS } = {}) => tests.push({ name, fn, timeoutMs });
const expect = (condition, message) => {
    if (!condition)
        throw new Error(message);
};

let daemon;
let devices;
let browser;
let lastPage; // for the failure screenshot
const tokens = {};

async function onceRegistered(createToken, timeoutMs = 10000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        try {
            return createToken();
        } catch (error) {
            if (Date.now() > deadline || !String(error.stderr).includes('is not registered'))
                throw error;
            await new Promise((resolve) => setTimeout(resolve, 100));
        }
    }
}

async function startFleet({ dbName, displaySeconds, tls = null, banners = BANNERS, extraArgs = [] }) {
    const d = new Daemon({ binary, db: join(work, dbName), port: await freePort(), banners, displaySeconds, log, tls, extraArgs });
    const t = {
        operator: d.token('operator'),
        otherOperator: d.token('operator'),
        dispatcher: d.token('dispatcher'),
        viewer: d.token('viewer'),
    };
    await d.start();
    // Device tokens are only for registered banners, and the daemon registers its demo fleet just
    // after it starts answering: the CLI refuses until then. A failure here stops the daemon it
    // started (it used to outlive the run).
    t.devices = [];
    try {
        for (let i = 0; i < WITH_DEVICE; ++i)
            t.devices.push(await onceRegistered(() => d.token('device', { banner: i + 1 })));
    } catch (error) {
        await d.stop();
        throw error;
    }
    return { daemon: d, tokens: t, devices: new Devices(`${tls ? 'wss' : 'ws'}://127.0.0.1:${d.port}/ws`, t.devices) };
}

// A page records the frames of its WebSocket so tests can check what went over the wire.
async function newPage({ width = 1280, height = 860 } = {}) {
    const page = await browser.newPage();
    lastPage = page;
    await page.setViewportSize({ width, height });
    page.frames = [];
    page.errors = [];
    page.sockets = [];
    page.on('pageerror', (e) => page.errors.push(e.message));
    page.on('console', (m) => {
        if (m.type() === 'error')
            page.errors.push(m.text());
    });
    page.on('websocket', (ws) => {
        page.sockets.push(ws.url());
        ws.on('framesent', (f) => page.frames.push({ dir: 'out', at: Date.now(), frame: JSON.parse(f.payload) }));
        ws.on('framereceived', (f) => page.frames.push({ dir: 'in', at: Date.now(), frame: JSON.parse(f.payload) }));
    });
    return page;
}

async function signIn(page, token, origin = daemon.origin) {
    await page.goto(`${origin}/`);
    await page.fill('#token', token);
    await page.click('#sign-in-button');
    await page.waitForSelector('#connection[data-state="open"]');
    await page.waitForSelector('.banner-row');
}

async function selectBanner(page, id) {
    await page.click(`.banner-button[data-banner-id="${id}"]`);
    await page.waitForFunction((bid) => document.getElementById('banner-title').textContent.endsWith(`#${bid}`), id);
    await page.waitForSelector('#now-text:not(:empty)');
}

async function submit(page, text) {
    const before = await page.getAttribute('#submit-result', 'data-message-id');
    await page.fill('#message-text', text);
    await page.click('#send-button');
    await page.waitForFunction((prev) => {
        const r = document.getElementById('submit-result');
        return r.dataset.kind === 'error' || (r.dataset.kind === 'ok' && r.dataset.messageId !== prev);
    }, before);
    return {
        kind: await page.getAttribute('#submit-result', 'data-kind'),
        code: await page.getAttribute('#submit-result', 'data-code'),
        messageId: Number(await page.getAttribute('#submit-result', 'data-message-id')),
        text: await page.textContent('#submit-result'),
    };
}

// Every status a message shows in "Your messages" and in the queue, in the order the page showed them.
async function recordStatuses(page) {
    await page.evaluate(() => {
        window.statusLog = [];
        const seen = new Map();
        const scan = () => {
            for (const li of document.querySelectorAll('#mine li, #queue li')) {
                const key = `${li.parentElement.id}:${li.dataset.messageId}`;
                if (seen.get(key) !== li.dataset.status) {
                    seen.set(key, li.dataset.status);
                    window.statusLog.push({ list: li.parentElement.id, id: Number(li.dataset.messageId), status: li.dataset.status });
                }
            }
        };
        new MutationObserver(scan).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-status'] });
        scan();
    });
}

const axeSource = readFileSync(join(here, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

// axe-core's critical and serious WCAG A/AA findings on the page as it is now, as readable lines.
// Evaluated through the DevTools protocol, which the page's Content-Security-Policy does not block.
async function axeFindings(page) {
    if (!await page.evaluate(() => 'axe' in window))
        await page.evaluate(axeSource);
    const violations = await page.evaluate(async () => (await window.axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    })).violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary.split('\n').slice(1).join(' ').trim()}`) })));
    return violations.filter((v) => v.impact === 'critical' || v.impact === 'serious')
        .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}) ${n}`));
}

const mineStatus = (page, id) => page.getAttribute(`#mine li[data-message-id="${id}"]`, 'data-status');

async function waitForMine(page, id, status) {
    await page.waitForSelector(`#mine li[data-message-id="${id}"][data-status="${status}"]`);
}

// ---- tests ----

test('the gateway serves the client, its modules and the basemap', async () => {
    const index = await fetch(`${daemon.origin}/`);
    expect(index.ok && index.headers.get('content-type').startsWith('text/html'), `/ answered ${index.status} ${index.headers.get('content-type')}`);
    const js = await fetch(`${daemon.origin}/js/main.js`);
    expect(/javascript/.test(js.headers.get('content-type')), `modules need a JavaScript type, got ${js.headers.get('content-type')}`);
    const land = await (await fetch(`${daemon.origin}/data/land-110m.json`)).json();
    expect(land.type === 'Topology', 'the basemap is served');
    const licence = await (await fetch(`${daemon.origin}/data/LICENSE.world-atlas.txt`)).text();
    expect(licence.includes('Michael Bostock'), 'the basemap licence is served beside it');
});

test('every error code in docs/protocol.md reads as a sentence', async () => {
    const doc = readFileSync(join(root, 'docs', 'protocol.md'), 'utf8');
    const section = doc.slice(doc.indexOf('## Errors'), doc.indexOf('## WebSocket close codes'));
    const codes = new Set();
    for (const line of section.split('\n').filter((l) => l.startsWith('| `'))) {
        for (const m of line.split('|')[1].matchAll(/`([a-z_]+)`/g))
            codes.add(m[1]);
    }
    expect(codes.size > 30, `only ${codes.size} codes parsed from docs/protocol.md`);
    const page = await newPage();
    await page.goto(`${daemon.origin}/`);
    const known = await page.evaluate(async () => (await import('./js/errors.js')).errorCodes());
    const missing = [...codes].filter((c) => !known.includes(c));
    expect(!missing.length, `no sentence for ${missing.join(', ')}`);
    await page.close();
});

test('a wrong token is refused in words', async () => {
    const page = await newPage();
    await page.goto(`${daemon.origin}/`);
    await page.fill('#token', 'adt_not-a-real-token');
    await page.press('#token', 'Enter');
    await page.waitForSelector('#sign-in-error:not(:empty)');
    const text = await page.textContent('#sign-in-error');
    expect(/unknown or has been revoked/.test(text), `sign-in error was “${text}”`);
    expect(await page.isHidden('#workspace'), 'the workspace stays hidden');
    await page.close();
});

test('a device token is refused in words', async () => {
    const page = await newPage();
    await page.goto(`${daemon.origin}/`);
    await page.fill('#token', tokens.devices[0]);
    await page.click('#sign-in-button');
    await page.waitForSelector('#sign-in-error:not(:empty)');
    const text = await page.textContent('#sign-in-error');
    expect(/belongs to a banner device/.test(text), `sign-in error was “${text}”`);
    await page.close();
});

let operatorPage;

test('an operator signs in and sees the fleet live', async () => {
    operatorPage = await newPage();
    await signIn(operatorPage, tokens.operator);
    expect(await operatorPage.locator('.banner-row').count() === BANNERS, 'every banner is listed');
    await operatorPage.waitForFunction(() => document.getElementById('role-label').textContent.includes('Operator'));
    expect(await operatorPage.evaluate(() => sessionStorage.getItem('airdisplay.token')) === tokens.operator, 'the token is kept in sessionStorage');
    // Banners without a device are offline; those with one are idle.
    await operatorPage.waitForSelector('.banner-button[data-banner-id="7"][data-status="offline"]');
    await operatorPage.waitForSelector('.banner-button[data-banner-id="1"][data-status="idle"]');
    const auth = operatorPage.frames.find((f) => f.dir === 'out' && f.frame.type === 'auth');
    expect(auth, 'the socket authenticated with an auth frame');
});

test('search finds banners by callsign and by id', async () => {
    const page = operatorPage;
    await page.fill('#banner-search', 'demo-3');
    await page.waitForFunction(() => document.querySelectorAll('.banner-row:not([hidden])').length === 1);
    expect(await page.isVisible('.banner-button[data-banner-id="3"]'), 'DEMO-3 is the match');
    await page.fill('#banner-search', '5');
    await page.waitForFunction(() => document.querySelectorAll('.banner-row:not([hidden])').length === 1);
    expect(await page.isVisible('.banner-button[data-banner-id="5"]'), 'id 5 is the match');
    await page.fill('#banner-search', '');
    await page.waitForFunction((n) => document.querySelectorAll('.banner-row:not([hidden])').length === n, BANNERS);
});

test('the list works from the keyboard', async () => {
    const page = operatorPage;
    await page.focus('.banner-button[data-banner-id="1"]');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.banner-button[data-banner-id="3"][aria-current="true"]');
    await page.waitForFunction(() => document.getElementById('banner-title').textContent === 'DEMO-3 #3');
    const tabStops = await page.locator('.banner-button[tabindex="0"]').count();
    expect(tabStops === 1, `the list is one tab stop, found ${tabStops}`);
});

test('a message goes queued → displaying → shown', async () => {
    const page = operatorPage;
    await selectBanner(page, 1);
    await recordStatuses(page);
    const first = await submit(page, 'Marry me, Sam!');
    expect(first.kind === 'ok', `first submission: ${first.text}`);
    // DEMO-1 is free, so the first goes to its device at once (the line follows it: it may already show).
    expect(/^(Sent to DEMO-1 now|On display, \d:\d\d left on DEMO-1)/.test(first.text), `submission answer: ${first.text}`);
    // The second waits behind the first, so it is visibly queued before it displays.
    const second = await submit(page, 'Happy birthday Jo');
    expect(/^Queued at position 1 on DEMO-1\. Estimated start \d/.test(second.text), `second submission: ${second.text}`);
    await waitForMine(page, second.messageId, 'shown');
    await waitForMine(page, first.messageId, 'shown');
    const log = await page.evaluate(() => window.statusLog);
    const order = (id, list) => log.filter((e) => e.id === id && e.list === list).map((e) => e.status);
    const mine = order(second.messageId, 'mine');
    const wanted = ['queued', 'displaying', 'shown'];
    const positions = wanted.map((s) => mine.indexOf(s));
    expect(positions.every((p, i) => p >= 0 && (i === 0 || p > positions[i - 1])), `statuses seen: ${mine.join(' → ')}`);
    expect(order(second.messageId, 'queue').includes('queued'), 'the second message was listed in the banner’s queue while it waited');
});

test('the panel shows what is displaying and the seconds left', async () => {
    const page = operatorPage;
    await selectBanner(page, 2);
    await page.fill('#message-text', 'Fish and chips at 6');
    await page.click('#send-button');
    await page.waitForFunction(() => document.getElementById('now-text').textContent === '“Fish and chips at 6”');
    await page.waitForFunction(() => /\d+ s left, until/.test(document.getElementById('now-time').textContent));
    await page.waitForSelector('.banner-button[data-banner-id="2"][data-status="displaying"]');
});

test('an overlong text gets the error in words', async () => {
    const page = operatorPage;
    await selectBanner(page, 1);
    const result = await submit(page, 'This message is far too long to fit on any banner that tows behind a small plane. '.repeat(2));
    expect(result.kind === 'error' && result.code === 'text_too_long', `answer: ${result.text}`);
    expect(/too long for the banner/.test(result.text), `answer: ${result.text}`);
    const empty = await submit(page, '');
    expect(empty.code === 'text_empty' && /Write a message/.test(empty.text), `empty answer: ${empty.text}`);
});

test('the character count follows typing, in code points after NFC as the engine counts', async () => {
    const page = operatorPage;
    await selectBanner(page, 1);
    const count = async (text) => {
        await page.fill('#message-text', text);
        return page.textContent('#message-count');
    };
    // 64 balloons are 128 UTF-16 units but 64 characters: exactly the limit.
    expect(await count('🎈'.repeat(64)) === '64 / 64 characters', 'emoji count as one each');
    expect(await page.getAttribute('#message-text', 'aria-invalid') === 'false', 'at the limit is fine');
    // e + combining acute is é after NFC; the ends are trimmed as the engine trims them.
    expect(await count('  Cafe\u0301 ') === '4 / 64 characters', `combining marks: ${await page.textContent('#message-count')}`);
    expect(await count('a'.repeat(65)) === '65 / 64 characters: 1 too many', 'over the limit says by how much');
    expect(await page.getAttribute('#message-text', 'aria-invalid') === 'true', 'the field is marked invalid');
    expect((await page.getAttribute('#message-text', 'aria-describedby')).includes('message-count'), 'the count is read with the field');
    expect(await count('') === '0 / 64 characters', 'an empty field');
});

test('the character count uses the limit the gateway\'s welcome gives (airdisplayd --text-limit 20)', async () => {
    const fleet = await startFleet({ dbName: 'limit.db', displaySeconds: 60, extraArgs: ['--text-limit', '20'] });
    try {
        const page = await newPage();
        await signIn(page, fleet.tokens.operator, fleet.daemon.origin);
        const welcome = page.frames.find((f) => f.dir === 'in' && f.frame.type === 'welcome');
        expect(welcome?.frame.limits?.textMaxCharacters === 20, `welcome: ${JSON.stringify(welcome?.frame)}`);
        await selectBanner(page, 7);
        const count = async (text) => {
            await page.fill('#message-text', text);
            return page.textContent('#message-count');
        };
        expect(await count('') === '0 / 20 characters', `empty: ${await page.textContent('#message-count')}`);
        expect(await count('🎈'.repeat(20)) === '20 / 20 characters', 'twenty emoji are the limit');
        expect(await page.getAttribute('#message-text', 'aria-invalid') === 'false', 'at the limit is fine');
        expect(await count('a'.repeat(21)) === '21 / 20 characters: 1 too many', `over: ${await page.textContent('#message-count')}`);
        // The engine holds the same line: what the page calls one too many is refused.
        const refused = await submit(page, 'b'.repeat(21));
        expect(refused.code === 'text_too_long', `21 characters: ${refused.code} ${refused.text}`);
        const accepted = await submit(page, '🎈'.repeat(20));
        expect(accepted.kind === 'ok', `20 characters: ${accepted.text}`);
        await page.close();
    } finally {
        fleet.devices.stop();
        await fleet.daemon.stop();
    }
});

test('a rejected message shows the dispatcher’s reason in “your messages” (airdisplayd --review all)', async () => {
    const fleet = await startFleet({ dbName: 'review.db', displaySeconds: 60, extraArgs: ['--review', 'all'] });
    try {
        const page = await newPage();
        await signIn(page, fleet.tokens.operator, fleet.daemon.origin);
        await selectBanner(page, 7);
        const held = await submit(page, 'Marry me, Sam');
        expect(held.kind === 'ok', `submission: ${held.text}`);
        await waitForMine(page, held.messageId, 'pending_review');
        const rejected = await fleet.daemon.rest(fleet.tokens.dispatcher, 'POST', `banners/7/messages/${held.messageId}/reject`,
            { reason: 'Names are not allowed on this beach' });
        expect(rejected.status === 200, `reject answered ${rejected.status}`);
        await waitForMine(page, held.messageId, 'rejected');
        const status = await page.textContent(`#mine li[data-message-id="${held.messageId}"] .mine-status`);
        expect(status === 'rejected: Names are not allowed on this beach', `the sender reads: ${status}`);
        await page.close();
    } finally {
        fleet.devices.stop();
        await fleet.daemon.stop();
    }
});

test('an operator cancels their own queued message, not someone else’s', async () => {
    const page = operatorPage;
    // Banner 7 has no device: what is sent to it waits.
    const theirs = await daemon.rest(tokens.otherOperator, 'POST', 'banners/7/messages', { text: 'Not yours', requestId: 'other-1' });
    expect(theirs.status === 201, `REST submission answered ${theirs.status}`);
    await selectBanner(page, 7);
    const mine = await submit(page, 'Cancel me');
    expect(mine.kind === 'ok' && /Queued at position 2/.test(mine.text), `submission: ${mine.text}`);
    await page.waitForSelector(`#queue li[data-message-id="${mine.messageId}"] [data-action="cancel"]`);
    expect(await page.locator(`#queue li[data-message-id="${theirs.body.messageId}"] [data-action="cancel"]`).count() === 0,
        'no cancel button on another token’s message');
    await page.click(`#queue li[data-message-id="${mine.messageId}"] [data-action="cancel"]`);
    await waitForMine(page, mine.messageId, 'cancelled');
    await page.waitForSelector(`#queue li[data-message-id="${mine.messageId}"]`, { state: 'detached' });
    expect(/Message cancelled/.test(await page.textContent('#panel-feedback')), 'the cancel is confirmed');
    const receipt = await daemon.rest(tokens.operator, 'GET', `messages/${mine.messageId}`);
    expect(receipt.body.message.status === 'cancelled', `receipt says ${receipt.body.message.status}`);
});

test('a viewer watches but cannot send', async () => {
    const page = await newPage();
    await signIn(page, tokens.viewer);
    await selectBanner(page, 7);
    await page.waitForFunction(() => document.getElementById('role-label').textContent.includes('Viewer'));
    expect(await page.isHidden('#submit-form'), 'no submit form for a viewer');
    expect(await page.isVisible('#view-only'), 'the viewer is told why');
    expect(await page.isHidden('#dispatch'), 'no dispatcher controls for a viewer');
    expect(await page.locator('#queue li').count() === 1, 'the viewer sees the queue');
    // A viewer sends nothing: no "Messages you send from this tab appear here".
    await page.waitForFunction(() => !document.body.innerText.includes('Messages you send'));
    await page.close();
});

test('a dispatcher pauses, reorders, removes, resumes and blanks', async () => {
    const page = await newPage();
    await signIn(page, tokens.dispatcher);
    await selectBanner(page, 4);
    await page.waitForSelector('#dispatch:not([hidden])');
    // From the keyboard: the focus stays on the control, now Resume, and the answer is beside it.
    await page.focus('#pause-button');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.getElementById('banner-flags').textContent.includes('paused'));
    await page.waitForFunction(() => document.activeElement?.id === 'resume-button');
    expect(/paused.*Resume queue/.test(await page.textContent('#dispatch-feedback')), `pause feedback: ${await page.textContent('#dispatch-feedback')}`);
    expect(await page.getAttribute('#dispatch-feedback', 'role') === 'status', 'the feedback is a live region');
    expect((await daemon.rest(tokens.dispatcher, 'GET', 'banners/4')).body.banner.paused, 'the gateway says paused');
    const a = await submit(page, 'First in line');
    const b = await submit(page, 'Jump the queue');
    await page.waitForSelector(`#queue li[data-message-id="${b.messageId}"] [data-action="up"]`);
    await page.click(`#queue li[data-message-id="${b.messageId}"] [data-action="up"]`);
    await page.waitForFunction((id) => document.querySelector('#queue li')?.dataset.messageId === String(id), b.messageId);
    const queue = (await daemon.rest(tokens.dispatcher, 'GET', 'banners/4')).body.banner.queue.map((m) => m.id);
    expect(queue[0] === b.messageId && queue[1] === a.messageId, `queue after the move: ${queue}`);
    await page.click(`#queue li[data-message-id="${a.messageId}"] [data-action="remove"]`);
    await page.waitForSelector(`#queue li[data-message-id="${a.messageId}"]`, { state: 'detached' });
    await waitForMine(page, a.messageId, 'removed');
    // Announced, and written where the queue's controls are, not below the whole queue.
    await page.waitForFunction(() => /Message removed: “First in line”/.test(document.getElementById('panel-feedback').textContent));
    expect(await page.getAttribute('#panel-feedback', 'role') === 'status', 'the removal is announced');
    const gap = await page.evaluate(() => document.getElementById('queue').getBoundingClientRect().top - document.getElementById('panel-feedback').getBoundingClientRect().bottom);
    expect(gap >= 0 && gap < 40, `the feedback sits ${gap} px above the queue`);
    // Blank asks first, says it pauses the queue and how to resume, and can be called off.
    await page.click('#blank-button');
    await page.waitForSelector('#blank-confirm:not([hidden])');
    const question = await page.textContent('#blank-confirm-text');
    expect(/queue pauses.*Resume queue/.test(question), `confirmation: ${question}`);
    expect(await page.evaluate(() => document.activeElement?.id) === 'blank-cancel-button', 'the safe answer has the focus');
    await page.keyboard.press('Escape');
    await page.waitForSelector('#blank-confirm', { state: 'hidden' });
    expect(await page.evaluate(() => document.activeElement?.id) === 'blank-button', 'focus returns to Blank');
    await page.focus('#resume-button');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.id === 'pause-button');
    await waitForMine(page, b.messageId, 'displaying');
    await page.click('#blank-button');
    await page.click('#blank-confirm-button');
    await waitForMine(page, b.messageId, 'blanked');
    await page.waitForFunction(() => document.getElementById('now-text').textContent === 'Nothing');
    await page.waitForFunction(() => /blank and its queue is paused\. Press Resume queue/.test(document.getElementById('dispatch-feedback').textContent));
    await page.waitForFunction(() => /On hold: banner blanked and paused/.test(document.getElementById('now-time').textContent));
    await page.close();
});

test('the panel follows pause and resume from the events, with its detail read held', async () => {
    // Under load the detail read that an event triggers can take seconds; the status, the flags and
    // the Pause/Resume control come with the event's own summary. The reads of banner 6 are held
    // here, unanswered, so only the events can tell the page (before: "paused" never appeared).
    const page = await newPage();
    await signIn(page, tokens.dispatcher);
    await selectBanner(page, 6);
    let held = 0;
    await page.route(/\/api\/v1\/banners\/6(\?|$)/, () => { held += 1; });
    expect((await daemon.rest(tokens.dispatcher, 'POST', 'banners/6/pause')).status === 200, 'paused over REST');
    await page.waitForFunction(() => document.getElementById('banner-flags').textContent.includes('paused'), null, { timeout: 10000 });
    await page.waitForSelector('#resume-button:not([hidden])');
    expect(await page.isHidden('#pause-button'), 'Pause is hidden while paused');
    // The event asked for a detail read (150 ms later, one for a burst), and it is being held.
    for (const deadline = Date.now() + 5000; held === 0 && Date.now() < deadline;)
        await new Promise((resolve) => setTimeout(resolve, 50));
    expect(held >= 1, 'the event asked for a detail read, and it was held');
    expect((await daemon.rest(tokens.dispatcher, 'POST', 'banners/6/resume')).status === 200, 'resumed over REST');
    await page.waitForFunction(() => !document.getElementById('banner-flags').textContent.includes('paused'), null, { timeout: 10000 });
    await page.waitForSelector('#pause-button:not([hidden])');
    await page.unroute(/./).catch(() => {});
    await page.close();
});

test('axe-core finds nothing serious: sign-in, operator, viewer, dispatcher confirming a blank', async () => {
    const check = async (page, state) => {
        const findings = await axeFindings(page);
        expect(!findings.length, `${state}: ${findings.length} findings: ${findings.join(' | ')}`);
    };
    const page = await newPage();
    await page.goto(`${daemon.origin}/`);
    await page.waitForSelector('#sign-in:not([hidden])');
    await check(page, 'sign-in');
    await signIn(page, tokens.operator);
    await selectBanner(page, 1);
    await page.fill('#message-text', 'a'.repeat(70)); // the over-the-limit count, in red
    await check(page, 'operator');
    await page.close();
    for (const [token, state] of [[tokens.viewer, 'viewer'], [tokens.dispatcher, 'dispatcher']]) {
        const phone = await newPage({ width: 390, height: 844 });
        await signIn(phone, token);
        await selectBanner(phone, 5);
        if (state === 'dispatcher') {
            await phone.click('#blank-button');
            await phone.waitForSelector('#blank-confirm:not([hidden])');
        }
        await check(phone, `${state} on a phone`);
        await phone.close();
    }
});

test('the map shows the fleet where the devices report it', async () => {
    const page = operatorPage;
    await page.waitForFunction((n) => document.getElementById('fleet-map').getAttribute('aria-label').startsWith(`Fleet map: ${n} banners`), WITH_DEVICE, { timeout: 20000 });
    // Some pixels are land and some are dots: the canvas is drawn, not blank.
    const colours = await page.evaluate(() => {
        const c = document.getElementById('fleet-map');
        const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        const seen = new Set();
        for (let i = 0; i < data.length; i += 4 * 97)
            seen.add(`${data[i]},${data[i + 1]},${data[i + 2]}`);
        return seen.size;
    });
    expect(colours > 5, `the map has ${colours} colours`);
    await page.click('#zoom-in');
    await page.click('#fit-fleet');
});

test('a selection is drawn over the map, not into it: a click does not redraw the fleet', async () => {
    const page = await newPage();
    await signIn(page, tokens.viewer);
    await page.waitForFunction((n) => document.getElementById('fleet-map').getAttribute('aria-label').startsWith(`Fleet map: ${n} banners`), WITH_DEVICE, { timeout: 20000 });
    const inked = () => page.evaluate(() => {
        const c = document.getElementById('fleet-map-selection');
        const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 3; i < data.length; i += 4)
            n += data[i] ? 1 : 0;
        return n;
    });
    await selectBanner(page, 3);
    await page.waitForFunction(() => document.getElementById('fleet-map').getAttribute('aria-label').includes('Selected: DEMO-3'));
    expect(await inked() > 50, 'the ring and the label are on the overlay');
    // Banner 8 has no device, so no position: nothing to mark, and the label says no selection.
    await page.click('.banner-button[data-banner-id="8"]');
    await page.waitForFunction(() => document.getElementById('banner-title').textContent.endsWith('#8'));
    await page.waitForFunction(() => !document.getElementById('fleet-map').getAttribute('aria-label').includes('Selected:'));
    expect(await inked() === 0, 'the overlay is clear');
    const box = await page.locator('#fleet-map').boundingBox();
    const over = await page.locator('#fleet-map-selection').boundingBox();
    expect(JSON.stringify(box) === JSON.stringify(over), `the overlay covers the map: ${JSON.stringify(box)} vs ${JSON.stringify(over)}`);
    await page.close();
});

test('the map groups overlapping banners, draws live ones above offline ones, and reads positions for its view', async () => {
    const page = operatorPage;
    const clusters = await page.evaluate(async () => (await import('./js/map.js')).clusterPoints([
        { banner: { id: 1, status: 'offline' }, x: 5, y: 5 },
        { banner: { id: 2, status: 'displaying' }, x: 8, y: 7 },
        { banner: { id: 3, status: 'idle' }, x: 100, y: 100 },
        { banner: { id: 4, status: 'offline' }, x: 200, y: 10 },
    ]).map((c) => ({ ids: c.banners.map((b) => b.id), status: c.status })));
    expect(JSON.stringify(clusters) === JSON.stringify([
        { ids: [4], status: 'offline' }, { ids: [3], status: 'idle' }, { ids: [1, 2], status: 'displaying' },
    ]), `clusters, bottom to top: ${JSON.stringify(clusters)}`);
    // Zoomed in, the position poll asks only for the part of the world in view; Fit fleet asks for all.
    await page.click('#zoom-in');
    const zoomed = await page.waitForRequest((r) => /\/api\/v1\/banners\?.*bbox=/.test(r.url()), { timeout: 15000 });
    const box = new URL(zoomed.url()).searchParams.get('bbox').split(',').map(Number);
    expect(box.length === 4 && box[0] < box[2] && box[1] < box[3], `bbox ${box}`);
    await page.click('#fit-fleet');
    await page.waitForRequest((r) => /\/api\/v1\/banners\?limit=1000/.test(r.url()) && !r.url().includes('bbox='), { timeout: 15000 });
});

test('the page rides out a gateway restart: reconnects, sends what waited, catches up', async () => {
    const page = operatorPage;
    await selectBanner(page, 8);
    const lastEventSeq = () => Math.max(...page.frames.filter((f) => f.dir === 'in' && f.frame.type === 'event').map((f) => f.frame.seq));
    expect(Number.isFinite(lastEventSeq()), 'the page had seen events before the restart');
    await devices.stop();
    await daemon.stop();
    await page.waitForSelector('#connection[data-state="waiting"]');
    // Offline, honestly: data as of when, when the next try is, and live times standing still.
    await page.evaluate(() => {
        const text = document.getElementById('connection-text');
        window.connectionLog = [text.textContent];
        new MutationObserver(() => window.connectionLog.push(text.textContent)).observe(text, { childList: true, characterData: true, subtree: true });
    });
    const offline = await page.textContent('#connection-text');
    expect(/^Offline: data from \d{1,2}:\d\d:\d\d( [AP]M)?, (retrying in \d+ s|connecting…)$/.test(offline), `offline badge: ${offline}`);
    expect(await page.isVisible('#retry-now'), 'Retry now is offered');
    expect(await page.evaluate(() => document.body.dataset.stale) === 'true', 'the page is marked stale');
    const grey = await page.evaluate(() => {
        const style = getComputedStyle(document.querySelector('#mine .live-time'));
        return `${style.color} ${style.fontStyle}`;
    });
    expect(grey === 'rgb(138, 147, 158) italic', `frozen times are greyed: ${grey}`);
    const shownNow = () => page.evaluate(async () => (await import('./js/clock.js')).shownNow());
    const frozenAt = await shownNow();
    // The badge stays on screen on a phone scrolled to the bottom.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await page.waitForFunction(() => {
        const r = document.getElementById('connection').getBoundingClientRect();
        return window.scrollY > 0 && r.top >= 0 && r.bottom <= window.innerHeight;
    });
    await page.setViewportSize({ width: 1280, height: 860 });
    // Retry now does not wait out the backoff: a socket opens well before the countdown ends.
    await page.waitForFunction(() => /retrying in ([3-9]|\d\d) s$/.test(document.getElementById('connection-text').textContent), null, { timeout: 30000 });
    const socketsBefore = page.sockets.length;
    await page.click('#retry-now');
    for (const until = Date.now() + 1500; page.sockets.length === socketsBefore && Date.now() < until;)
        await page.waitForTimeout(50);
    expect(page.sockets.length > socketsBefore, 'Retry now opened a connection at once');
    await page.fill('#message-text', 'Sent while you were away');
    await page.click('#send-button');
    await page.waitForFunction(() => /Waiting for the connection/.test(document.getElementById('submit-result').textContent));
    // Long enough for the backoff to stretch, so the page is still away when the gateway is back.
    await page.waitForTimeout(4000);
    const log = await page.evaluate(() => window.connectionLog);
    const counts = log.map((t) => Number(/retrying in (\d+) s$/.exec(t)?.[1] ?? NaN));
    expect(counts.some((n, i) => i > 0 && n === counts[i - 1] - 1), `the retry countdown ticks: ${log.join(' | ')}`);
    expect(await shownNow() === frozenAt, 'live times stood still while offline');
    // Read only now: stopping the devices publishes events (links going down) that
    // the page still receives before the gateway goes away.
    const seenBefore = lastEventSeq();
    const restartedAt = Date.now();
    await daemon.start();
    devices = new Devices(`ws://127.0.0.1:${daemon.port}/ws`, tokens.devices);
    const missed = await daemon.rest(tokens.otherOperator, 'POST', 'banners/8/messages', { text: 'Missed while away', requestId: 'missed-1' });
    expect(missed.status === 201, `REST submission after the restart answered ${missed.status}`);
    await page.waitForSelector('#connection[data-state="open"]', { timeout: 30000 });
    await page.waitForFunction(() => window.connectionLog.includes('Back online, up to date'), null, { timeout: 20000 });
    await page.waitForFunction(() => !document.body.dataset.stale);
    await page.waitForFunction(() => document.getElementById('submit-result').dataset.kind === 'ok', null, { timeout: 30000 });
    expect(/Queued at position/.test(await page.textContent('#submit-result')), 'the waiting message went out once reconnected');
    // Both messages are in banner 8's queue, and the list row says so.
    await page.waitForSelector(`#queue li[data-message-id="${missed.body.messageId}"]`);
    await page.waitForFunction(() => /2 waiting/.test(document.querySelector('.banner-button[data-banner-id="8"]').textContent));
    const resubscribe = page.frames.find((f) => f.dir === 'out' && f.at >= restartedAt && f.frame.type === 'subscribe');
    expect(resubscribe?.frame.fromSeq === seenBefore, `resubscribed with fromSeq ${resubscribe?.frame.fromSeq}, last seen ${seenBefore}`);
    const event = page.frames.find((f) => f.dir === 'in' && f.frame.type === 'event' && f.frame.data?.message?.id === missed.body.messageId);
    expect(event, 'the event of the message submitted during the gap reached the page');
    const submits = page.frames.filter((f) => f.dir === 'out' && f.frame.type === 'submit' && f.frame.text === 'Sent while you were away');
    expect(submits.length === 1, `the waiting message was sent ${submits.length} times`);
});

test('no script errors on any page', async () => {
    const errors = operatorPage.errors.filter((e) => !/WebSocket|ERR_CONNECTION_REFUSED|Failed to load resource/.test(e));
    expect(!errors.length, `errors: ${errors.join(' | ')}`);
});

test('over https the page talks wss', async () => {
    const cert = join(work, 'cert.pem');
    const key = join(work, 'key.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
        '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert], { stdio: 'ignore' });
    const secure = await startFleet({ dbName: 'tls.db', displaySeconds: 2, tls: { cert, key } });
    try {
        const page = await newPage();
        await signIn(page, secure.tokens.operator, secure.daemon.origin);
        expect(page.sockets.every((url) => url.startsWith(`wss://127.0.0.1:${secure.daemon.port}/`)), `sockets: ${page.sockets}`);
        await selectBanner(page, 1);
        const sent = await submit(page, 'Secure hello');
        expect(sent.kind === 'ok', `submission over wss: ${sent.text}`);
        await waitForMine(page, sent.messageId, 'shown');
        await page.close();
    } finally {
        secure.devices.stop();
        await secure.daemon.stop();
    }
});

test('one live model of when a message shows: ticking, on hold, offline, and lines that stay true', async () => {
    // Minute-long displays, so a message waits long enough to watch its estimate tick.
    const fleet = await startFleet({ dbName: 'times.db', displaySeconds: 60 });
    try {
        const page = await newPage();
        await signIn(page, fleet.tokens.operator, fleet.daemon.origin);
        await selectBanner(page, 1);
        const result = () => page.textContent('#submit-result');
        const first = await submit(page, 'First up');
        // "Sent, waiting for the banner" does not outlive the banner's confirmation.
        await page.waitForFunction(() => /^On display, 0:\d\d left on DEMO-1\.$/.test(document.getElementById('submit-result').textContent));
        await page.waitForSelector(`#tracker[data-message-id="${first.messageId}"] [data-step="displaying"][aria-current="step"]`);
        expect(/^On display, 0:\d\d left$/.test(await page.textContent('#tracker [data-step="displaying"]')), 'the tracker counts down the display');
        const second = await submit(page, 'Second');
        expect(/^Queued at position 1 on DEMO-1\. Estimated start /.test(second.text), `second: ${second.text}`);
        // The queue's "in …" ticks without any event, and "Your messages" says the same as the queue.
        const when = `#queue li[data-message-id="${second.messageId}"] .queue-when`;
        await page.waitForSelector(when);
        const before = await page.textContent(when);
        await page.waitForFunction(([sel, was]) => document.querySelector(sel).textContent !== was, [when, before], { timeout: 5000 });
        await page.waitForFunction((id) => {
            const queued = /starts about (\S+)/.exec(document.querySelector(`#queue li[data-message-id="${id}"] .queue-when`).textContent)?.[1];
            return queued && document.querySelector(`#mine li[data-message-id="${id}"] .mine-status`).textContent.includes(`starts about ${queued}`);
        }, second.messageId);
        await page.waitForSelector(`#tracker[data-message-id="${second.messageId}"] [data-step="queued"][aria-current="step"]`);
        expect(await page.textContent('#tracker [data-step="queued"]') === 'Queued #1', 'the tracker shows the place in the queue');
        // The tracker links to its banner on the map.
        await selectBanner(page, 2);
        await page.click('#tracker-map');
        await page.waitForFunction(() => document.getElementById('fleet-map').getAttribute('aria-label').includes('Selected: DEMO-1'), null, { timeout: 20000 });
        await page.waitForFunction(() => document.getElementById('banner-title').textContent === 'DEMO-1 #1');
        await page.waitForFunction(() => document.getElementById('map-card').getBoundingClientRect().top < window.innerHeight);
        const third = await submit(page, 'Third');
        expect(/^Queued at position 2 on DEMO-1/.test(third.text), `third: ${third.text}`);
        // A line under the form follows its message: up when one ahead goes, gone once it is cancelled.
        await page.click(`#queue li[data-message-id="${second.messageId}"] [data-action="cancel"]`);
        await page.waitForFunction(() => /^Queued at position 1 on DEMO-1\. Estimated start/.test(document.getElementById('submit-result').textContent));
        await page.click(`#mine li[data-message-id="${third.messageId}"] button[data-key]`);
        await waitForMine(page, third.messageId, 'cancelled');
        await page.waitForFunction(() => document.getElementById('submit-result').textContent === '');
        await page.waitForFunction(() => /^Stopped: cancelled/.test(document.getElementById('tracker-status').textContent));
        // Paused, then blanked, then offline: the banner's reason replaces the time everywhere.
        expect((await fleet.daemon.rest(fleet.tokens.dispatcher, 'POST', 'banners/1/pause')).status === 200, 'paused over REST');
        await page.waitForFunction(() => document.getElementById('banner-flags').textContent.includes('paused'));
        const fourth = await submit(page, 'Fourth');
        await page.waitForFunction(() => /^Queued at position 1 on DEMO-1\. On hold: banner paused\.$/.test(document.getElementById('submit-result').textContent));
        // The queue, "Your messages" and the tracker (a sentence there) say the same.
        const says = (id, pattern) => page.waitForFunction(([mid, source]) => {
            const re = new RegExp(source);
            return re.test(document.querySelector(`#queue li[data-message-id="${mid}"] .queue-when`)?.textContent)
                && re.test(document.querySelector(`#mine li[data-message-id="${mid}"] .mine-status`)?.textContent)
                && re.test(document.getElementById('tracker-status').textContent);
        }, [id, pattern.source]);
        await says(fourth.messageId, /^On hold: banner paused\.?$/);
        expect((await fleet.daemon.rest(fleet.tokens.dispatcher, 'POST', 'banners/1/blank')).status === 200, 'blanked over REST');
        await says(fourth.messageId, /^On hold: banner blanked and paused\.?$/);
        await page.waitForFunction(() => /^Queued at position 1 on DEMO-1\. On hold: banner blanked and paused\.$/.test(document.getElementById('submit-result').textContent));
        fleet.devices.devices[0].stop();
        await says(fourth.messageId, /^Banner offline since \d{1,2}:\d\d( [AP]M)?\.?$/);
        // A banner that never had a device says so.
        await selectBanner(page, 7);
        const fifth = await submit(page, 'Nobody home');
        expect(/^Queued at position 1 on DEMO-7\. Banner offline: its device has not connected\.$/.test(fifth.text), `fifth: ${fifth.text}`);
        await page.close();
    } finally {
        fleet.devices.stop();
        await fleet.daemon.stop();
    }
});

test('the list: full callsigns at 1440 px, a status filter that follows the status', async () => {
    const fleet = await startFleet({ dbName: 'list.db', displaySeconds: 3 });
    try {
        const admin = fleet.daemon.token('admin');
        const banners = Array.from({ length: 12 }, (_, i) => ({ id: 91 + i, callsign: `BNR-${String(91 + i).padStart(5, '0')}` }));
        expect((await fleet.daemon.rest(admin, 'POST', 'banners', { banners })).status === 201, 'long callsigns registered');
        // Paused with messages waiting: the longest a row's state gets.
        for (const { id } of banners.slice(0, 4)) {
            await fleet.daemon.rest(fleet.tokens.dispatcher, 'POST', `banners/${id}/pause`);
            for (let n = 0; n < 12; n += 1)
                await fleet.daemon.rest(fleet.tokens.otherOperator, 'POST', `banners/${id}/messages`, { text: `Wait ${n}`, requestId: `w-${id}-${n}` });
        }
        const page = await newPage({ width: 1440, height: 900 });
        await signIn(page, fleet.tokens.operator, fleet.daemon.origin);
        await page.waitForSelector('.banner-button[data-banner-id="91"]');
        await page.waitForFunction(() => /12 waiting/.test(document.querySelector('.banner-button[data-banner-id="91"]').textContent));
        const cut = await page.evaluate(() => [...document.querySelectorAll('.banner-name')]
            .filter((n) => n.scrollWidth > n.clientWidth + 1 || n.getBoundingClientRect().right > n.closest('.banner-button').getBoundingClientRect().right)
            .map((n) => n.textContent));
        expect(!cut.length, `callsigns cut: ${cut.join(', ')}`);
        // "Idle" keeps idle banners only: one that starts displaying leaves, and comes back when done.
        await page.waitForSelector('.banner-button[data-banner-id="1"][data-status="idle"]');
        await page.selectOption('#status-filter', 'idle');
        await page.waitForSelector('.banner-button[data-banner-id="1"]');
        await page.waitForFunction(() => [...document.querySelectorAll('.banner-row:not([hidden]) .banner-button')].every((b) => b.dataset.status === 'idle'));
        const sent = await fleet.daemon.rest(fleet.tokens.otherOperator, 'POST', 'banners/1/messages', { text: 'Leave the list', requestId: 'leave-1' });
        expect(sent.status === 201, `submission answered ${sent.status}`);
        await page.waitForSelector('.banner-button[data-banner-id="1"]', { state: 'hidden' });
        await page.waitForSelector('.banner-button[data-banner-id="1"][data-status="idle"]', { timeout: 15000 });
        expect(/match “Idle”/.test(await page.textContent('#list-summary')), 'the summary names the filter');
        await page.close();
    } finally {
        fleet.devices.stop();
        await fleet.daemon.stop();
    }
});

test('the list holds 100,000 banners: a window of rows in the DOM, the end reachable, search reaching the tail', async () => {
    const TOTAL = 100000;
    const fleet = await startFleet({ dbName: 'big.db', displaySeconds: 60, banners: TOTAL });
    try {
        const admin = fleet.daemon.token('admin');
        // The daemon registers its demo fleet after it starts answering: wait for the last banner.
        for (let tries = 0; (await fleet.daemon.rest(admin, 'GET', `banners/${TOTAL}`)).status !== 200; tries += 1) {
            expect(tries < 600, 'the demo fleet was registered');
            await new Promise((resolve) => setTimeout(resolve, 100));
        }
        const page = await newPage({ width: 1440, height: 900 });
        await signIn(page, fleet.tokens.operator, fleet.daemon.origin);
        await page.waitForFunction((n) => document.getElementById('list-summary').textContent === `${n} banners.`, TOTAL, { timeout: 120000 });
        const rowCount = () => page.locator('.banner-row').count();
        let rows = await rowCount();
        expect(rows > 5 && rows < 200, `${rows} rows in the DOM at the top`);
        expect(await page.getAttribute('.banner-row >> nth=0', 'aria-setsize') === String(TOTAL), 'each row tells the size of the whole list');
        expect(await page.getAttribute('.banner-row >> nth=0', 'aria-posinset') === '1', 'and its place in it');
        expect(await page.isHidden('#load-more'), 'no “Load more”');

        // Scrolled to the end: the last banner is shown, and the DOM still holds only a window.
        await page.evaluate(() => {
            const scroller = document.getElementById('banner-scroll');
            scroller.scrollTop = scroller.scrollHeight;
        });
        await page.waitForSelector(`.banner-button[data-banner-id="${TOTAL}"]`);
        expect(await page.isVisible(`.banner-button[data-banner-id="${TOTAL}"]`), 'the last row is in view');
        expect((await page.textContent(`.banner-button[data-banner-id="${TOTAL}"]`)).includes(`DEMO-${TOTAL}`), 'its callsign is shown');
        expect(await page.getAttribute(`.banner-button[data-banner-id="${TOTAL}"] >> xpath=..`, 'aria-posinset') === String(TOTAL), 'it is the last of the list');
        rows = await rowCount();
        expect(rows < 200, `${rows} rows in the DOM at the end`);

        // The keyboard crosses rows that are not rendered: Home from the last row reaches the first.
        await page.focus(`.banner-button[data-banner-id="${TOTAL}"]`);
        await page.keyboard.press('Home');
        await page.waitForFunction(() => document.activeElement?.dataset?.bannerId === '1');
        await page.keyboard.press('PageDown');
        await page.keyboard.press('ArrowDown');
        const below = Number(await page.evaluate(() => document.activeElement?.dataset?.bannerId));
        expect(below > 2, `Page Down and ↓ move focus down the list (on ${below})`);
        await page.keyboard.press('End');
        await page.waitForFunction((n) => document.activeElement?.dataset?.bannerId === String(n), TOTAL);
        await page.keyboard.press('ArrowUp');
        await page.keyboard.press('Enter');
        await page.waitForFunction((n) => document.getElementById('banner-title').textContent === `DEMO-${n - 1} #${n - 1}`, TOTAL);
        expect(await page.locator('.banner-button[tabindex="0"]').count() === 1, 'the list is one tab stop');

        // Search reaches the tail of the fleet, and clearing it brings the whole list back.
        await page.fill('#banner-search', `DEMO-${TOTAL - 13}`);
        await page.waitForFunction(() => document.querySelectorAll('.banner-row').length === 1);
        expect(await page.isVisible(`.banner-button[data-banner-id="${TOTAL - 13}"]`), 'the match is shown');
        expect(await page.getAttribute('.banner-row', 'aria-setsize') === '1', 'a list of one');
        expect(/^1 of 100000 banners match/.test(await page.textContent('#list-summary')), `summary: ${await page.textContent('#list-summary')}`);
        // The status filter runs over every banner too: banners 1..6 have devices, the rest are offline.
        await page.fill('#banner-search', '');
        await page.selectOption('#status-filter', 'offline');
        await page.waitForFunction((n) => new RegExp(`^${n - 6} of ${n} banners match`).test(document.getElementById('list-summary').textContent), TOTAL);
        expect(await page.locator('.banner-button[data-banner-id="1"]').count() === 0, 'a banner with a device is not offline');
        await page.selectOption('#status-filter', '');
        await page.waitForFunction((n) => document.getElementById('list-summary').textContent === `${n} banners.`, TOTAL);
        const findings = await axeFindings(page);
        expect(!findings.length, `axe: ${findings.join(' | ')}`);
        await page.close();
    } finally {
        fleet.devices.stop();
        await fleet.daemon.stop();
    }
}, { timeoutMs: 300000 });

// Lighthouse's cumulative layout shift (< 0.1 is the target). On a slow network the page paints
// before the fleet has loaded: filling the list must not push the cards below it down, and a tab that is
// signed in paints its workspace at once, not an empty page until every module has loaded.
test('a signed-in page paints its workspace at once and does not shift as the fleet loads (phone and desktop)', async () => {
    for (const viewport of [{ width: 412, height: 823 }, { width: 1440, height: 900 }]) {
        const page = await newPage(viewport);
        await signIn(page, tokens.operator);
        await page.addInitScript(() => {
            window.shifts = [];
            new PerformanceObserver((list) => {
                for (const e of list.getEntries()) {
                    if (!e.hadRecentInput)
                        window.shifts.push({ value: e.value, nodes: e.sources.map((s) => s.node?.id || s.node?.className || s.node?.nodeName) });
                }
            }).observe({ type: 'layout-shift', buffered: true });
        });
        // The modules and the fleet arrive late, as over a phone's network.
        await page.route(/\/js\/(?!boot\.js).*\.js$|\/api\/v1\/banners\?/, async (route) => {
            await new Promise((r) => setTimeout(r, 400));
            await route.continue().catch(() => {});
        });
        await page.reload({ waitUntil: 'commit' });
        // Before any module has run, the workspace is already laid out (the sign-in form is not).
        await page.waitForSelector('#banner-empty', { state: 'visible', timeout: 5000 });
        expect(await page.evaluate(() => document.getElementById('who').hidden && document.getElementById('sign-in').hidden),
            'the workspace is shown before the modules run (main.js shows who is signed in)');
        await page.waitForSelector('.banner-row');
        await page.waitForFunction(() => /^\d+ banners\.$/.test(document.getElementById('list-summary').textContent));
        await page.waitForTimeout(600);
        const shifts = await page.evaluate(() => window.shifts);
        const total = shifts.reduce((sum, e) => sum + e.value, 0);
        expect(total < 0.01, `${viewport.width}×${viewport.height}: layout shift ${total.toFixed(3)}: ${JSON.stringify(shifts)}`);
        await page.unroute(/./).catch(() => {});
        await page.close();
    }
});

test('screenshots for the README: desktop and phone', async () => {
    // A fresh fleet with the real display time, so the picture has messages showing and waiting.
    const showcase = await startFleet({ dbName: 'showcase.db', displaySeconds: 60 });
    try {
        const texts = ['Marry me, Sam!', 'Happy 40th, Dave', 'Surf lessons 2pm', 'Fish & chips at 6', 'Go Dolphins!', 'Welcome home, Mia'];
        for (let i = 0; i < texts.length; i += 1) {
            const bannerId = (i % 4) + 2;
            await showcase.daemon.rest(showcase.tokens.otherOperator, 'POST', `banners/${bannerId}/messages`, { text: texts[i], requestId: `show-${i}` });
        }
        await showcase.daemon.rest(showcase.tokens.otherOperator, 'POST', 'banners/1/messages', { text: 'Sunset cruise 7pm', requestId: 'show-a' });
        await showcase.daemon.rest(showcase.tokens.otherOperator, 'POST', 'banners/1/messages', { text: 'Best ice cream →', requestId: 'show-b' });
        const page = await newPage({ width: 1440, height: 900 });
        await signIn(page, showcase.tokens.dispatcher, showcase.daemon.origin);
        await selectBanner(page, 1);
        await page.waitForFunction(() => document.getElementById('now-text').textContent === '“Sunset cruise 7pm”');
        await submit(page, 'Will you marry me?');
        await page.waitForFunction((n) => document.getElementById('fleet-map').getAttribute('aria-label').startsWith(`Fleet map: ${n} banners`), WITH_DEVICE, { timeout: 20000 });
        await page.waitForSelector('#tracker:not([hidden])');
        await page.waitForTimeout(1500);
        mkdirSync(screenshots, { recursive: true });
        const shoot = async (name) => {
            await page.setViewportSize({ width: 1440, height: 900 });
            await page.evaluate(() => window.scrollTo(0, 0));
            await page.screenshot({ path: join(screenshots, `${name}.png`) });
            await page.setViewportSize({ width: 390, height: 844 });
            await page.evaluate(() => document.getElementById('banner-panel').scrollIntoView({ block: 'start' }));
            await page.waitForTimeout(300);
            await page.screenshot({ path: join(screenshots, `${name}-phone.png`) });
        };
        await shoot('web-client');
        // On a phone the tracker leads the page.
        await page.evaluate(() => window.scrollTo(0, 0));
        await page.screenshot({ path: join(screenshots, 'web-client-phone-tracker.png') });
        await page.setViewportSize({ width: 1440, height: 900 });
        await page.click('#blank-button');
        await page.waitForSelector('#blank-confirm:not([hidden])');
        await shoot('web-client-blank-confirm');
        await page.setViewportSize({ width: 1440, height: 900 });
        await page.click('#blank-cancel-button');
        // Offline: the badge, the frozen times, Retry now.
        showcase.devices.stop();
        await showcase.daemon.stop();
        await page.waitForSelector('#connection[data-offline="true"]');
        await page.waitForTimeout(1200);
        await shoot('web-client-offline');
        const findings = await axeFindings(page);
        expect(!findings.length, `offline: ${findings.join(' | ')}`);
        console.log(`     screenshots in ${screenshots}`);
        await page.close();
    } finally {
        showcase.devices.stop();
        await showcase.daemon.stop();
    }
});

// ---- runner ----

async function main() {
    expect(binary, 'usage: node run-tests.js /path/to/airdisplayd');
    const fleet = await startFleet({ dbName: 'web.db', displaySeconds: 2 });
    daemon = fleet.daemon;
    devices = fleet.devices;
    Object.assign(tokens, fleet.tokens);
    browser = await chromium.launchPersistentContext(join(work, 'profile'), {
        executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
        headless: true,
        ignoreHTTPSErrors: true, // the TLS test's certificate is self-signed
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
            '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    browser.setDefaultTimeout(20000);
    let passed = 0;
    let failed = 0;
    // WEB_TEST_ONLY=substring runs the tests whose name contains it (for work on one of them).
    const only = process.env.WEB_TEST_ONLY;
    for (const { name, fn, timeoutMs } of tests.filter((t) => !only || t.name.includes(only))) {
        const started = Date.now();
        try {
            await Promise.race([fn(), new Promise((_, reject) => setTimeout(() => reject(new Error('timed out')), timeoutMs))]);
            passed += 1;
            console.log(`ok   ${name} (${Date.now() - started} ms)`);
        } catch (e) {
            failed += 1;
            console.log(`FAIL ${name}: ${e.message.split('\n')[0]}`);
            const where = e.stack?.split('\n').find((l) => l.includes('run-tests.js'));
            if (where)
                console.log(`     at ${where.trim()}`);
            const shot = join(tmpdir(), `airdisplay-web-failure-${failed}.png`);
            const page = lastPage && !lastPage.isClosed() ? lastPage : operatorPage;
            await page?.screenshot({ path: shot }).then(() => console.log(`     screenshot: ${shot}`), () => {});
        }
    }
    await browser.close();
    devices.stop();
    await daemon.stop();
    if (failed)
        console.log(`--- airdisplayd log ---\n${serverLog.join('').split('\n').slice(-40).join('\n')}`);
    else
        rmSync(work, { recursive: true, force: true });
    console.log(`web: ${passed} passed, ${failed} failed`);
    process.exit(failed ? 1 : 0);
}

main().catch(async (e) => {
    console.log(`web: setup failed: ${e.stack}`);
    await browser?.close().catch(() => {});
    devices?.stop();
    await daemon?.stop();
    console.log(`web: 0 passed, ${tests.length} failed`);
    process.exit(1);
});
