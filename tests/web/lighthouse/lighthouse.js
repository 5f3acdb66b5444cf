// Lighthouse on the signed-in web client with a live fleet flying: airdisplayd, airdisplay-sim flying N
// banners with customers submitting (as bench.js), Debian's Chromium with a remote debugging port,
// signed in as an operator the way the page's users do (the token in the form, kept in sessionStorage),
// then Lighthouse's Node API on that tab: mobile form factor (Lighthouse's default emulated phone and
// simulated slow 4G with 4× CPU slowdown) and disableStorageReset, so the session survives its reload.
// Prints `bench:` lines. Not part of CTest (its figures depend on the machine); run it by hand:
//   (cd tests/web/lighthouse && npm ci)   # once: Lighthouse is kept apart from the tests' packages
//   node tests/web/lighthouse/lighthouse.js build/default/app/daemon/airdisplayd build/default/app/sim/airdisplay-sim \
//        [--banners 2000] [--rate 20] [--runs 1] [--idle] [--json report.json] [--artifacts DIR]
// --runs N: N Lighthouse runs on the same browser, each figure printed per run and as the median.
// --json FILE: the last run's full report (audit details), for finding out why a score is low.
// --artifacts DIR: also what Lighthouse gathered, with its Chromium trace (DIR/defaultPass.trace.json).
import lighthouse from 'lighthouse';
import { launch } from 'chrome-launcher';
import puppeteer from 'puppeteer-core';
import { writeFileSync } from 'node:fs';
import { startFleet } from '../fleet.js';

const [daemonBinary, simBinary] = process.argv.slice(2, 4);
const option = (name, fallback) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : fallback;
};
const BANNERS = Number(option('banners', 2000));
const RATE = Number(option('rate', 20));
const RUNS = Number(option('runs', 1));
const JSON_OUT = option('json', null);
const ARTIFACTS = option('artifacts', null);
const IDLE = process.argv.includes('--idle');

if (!daemonBinary || (!simBinary && !IDLE)) {
    console.error('usage: node lighthouse.js AIRDISPLAYD AIRDISPLAY_SIM [--banners N] [--rate R] [--runs K] [--json FILE]');
    process.exit(2);
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];

let fleet;
let chrome;
let browser;
try {
    fleet = await startFleet({ daemonBinary, simBinary, banners: BANNERS, rate: RATE, idle: IDLE });
    console.error('bench: fleet flying');
    chrome = await launch({
        chromePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
        chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-quic',
            '--disable-background-networking', '--disable-component-update', '--disable-sync'],
        logLevel: 'silent',
    });
    browser = await puppeteer.connect({ browserURL: `http://127.0.0.1:${chrome.port}`, defaultViewport: null });
    const page = await browser.newPage();
    // Signed in as a user is: the token pasted into the form; the page keeps it in sessionStorage, which
    // belongs to this tab, so Lighthouse is given this tab.
    await page.goto(`${fleet.origin}/`);
    await page.waitForSelector('#token');
    await page.type('#token', fleet.operator);
    await page.click('#sign-in-button');
    await page.waitForSelector('#connection[data-state="open"]');
    await page.waitForSelector('.banner-row');
    console.error('bench: signed in; running Lighthouse');

    const figures = [];
    let report;
    let version = '';
    for (let run = 0; run < RUNS; run += 1) {
        const result = await lighthouse(`${fleet.origin}/`, {
            formFactor: 'mobile',
            disableStorageReset: true,
            onlyCategories: ['performance', 'accessibility', 'best-practices'],
            output: 'json',
            logLevel: 'error',
            ...(ARTIFACTS ? { gatherMode: ARTIFACTS, auditMode: ARTIFACTS } : {}),
        }, undefined, page);
        const { lhr } = result;
        if (lhr.runtimeError)
            throw new Error(`Lighthouse: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
        // The page Lighthouse measured must be the signed-in one, not the sign-in form.
        const signedIn = await page.evaluate(() => !document.getElementById('workspace').hidden);
        if (!signedIn)
            throw new Error('Lighthouse measured the sign-in form: the session did not survive');
        const score = (c) => Math.round(lhr.categories[c].score * 100);
        const audit = (a) => lhr.audits[a].numericValue;
        figures.push({
            lighthouse_performance: score('performance'),
            lighthouse_accessibility: score('accessibility'),
            lighthouse_best_practices: score('best-practices'),
            lighthouse_cumulative_layout_shift: audit('cumulative-layout-shift'),
            lighthouse_total_blocking_time: audit('total-blocking-time'),
            lighthouse_largest_contentful_paint: audit('largest-contentful-paint'),
            lighthouse_first_contentful_paint: audit('first-contentful-paint'),
            lighthouse_speed_index: audit('speed-index'),
        });
        // What lowered a score: every audit of a category that did not pass, with its weight.
        for (const [id, category] of Object.entries(lhr.categories)) {
            for (const ref of category.auditRefs) {
                const a = lhr.audits[ref.id];
                if (a.score !== null && a.score < 1 && (ref.weight > 0 || a.details?.type === 'opportunity'))
                    console.error(`bench: run ${run + 1} ${id}: ${ref.id} score ${a.score} weight ${ref.weight}${a.displayValue ? ` (${a.displayValue})` : ''}`);
            }
        }
        report = result.report;
        version = lhr.lighthouseVersion;
    }
    if (JSON_OUT)
        writeFileSync(JSON_OUT, report);

    const units = {
        lighthouse_cumulative_layout_shift: (v) => `${v.toFixed(3)}`,
        lighthouse_total_blocking_time: (v) => `${v.toFixed(0)} ms`,
        lighthouse_largest_contentful_paint: (v) => `${v.toFixed(0)} ms`,
        lighthouse_first_contentful_paint: (v) => `${v.toFixed(0)} ms`,
        lighthouse_speed_index: (v) => `${v.toFixed(0)} ms`,
    };
    console.log(`bench: lighthouse ${version} on Chromium ${(await browser.version()).replace(/^HeadlessChrome\//, '')}, mobile, `
        + `fleet ${BANNERS} banners${IDLE ? ' idle' : `, ${RATE} submissions/s`}, ${RUNS} run(s)`);
    for (const name of Object.keys(figures[0])) {
        const values = figures.map((f) => f[name]);
        const show = units[name] ?? ((v) => `${v} score`);
        console.log(`bench: ${name} ${show(median(values))}${RUNS > 1 ? ` (runs: ${values.map(show).join(', ')})` : ''}`);
    }
} finally {
    await browser?.disconnect();
    await chrome?.kill();
    await fleet?.stop();
}

