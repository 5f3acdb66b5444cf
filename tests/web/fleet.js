// A busy fleet for the benches (bench.js, lighthouse/lighthouse.js): airdisplayd on a temporary database and a free
// loopback port, and airdisplay-sim flying N banners (telemetry every 5 s) with 4 customers submitting R
// messages/s (one token per 45/s); or, idle, N demo banners that the daemon registers and nothing flies.
// With `flying` under N, the simulator registers and flies banners 1..flying (the first rows of the list,
// so the page watches flying banners) and the rest are registered through the API and never fly (no
// position): the gateway takes 10,000 connections at most and a process here may hold 20,000 sockets
// (ulimit -n), so 100,000 devices cannot all be connected at once.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './daemon.js';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export async function startFleet({ daemonBinary, simBinary, banners, rate, idle = false, telemetryMs = 5000, flying = banners }) {
    const demo = idle ? banners : 0;
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
    const token = (role) => execFileSync(daemonBinary, ['token', '--db', db, 'create', '--role', role, '--label', `bench ${role}`],
        { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim().split('\n').pop();
    const stop = async () => {
        for (const child of children.reverse()) {
            if (child.exitCode === null && child.signalCode === null) {
                child.kill('SIGTERM');
                await new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r() : child.once('exit', r)));
            }
        }
        rmSync(work, { recursive: true, force: true });
    };
    try {
        const admin = token('admin');
        const operator = token('operator');
        const daemon = run(daemonBinary, ['--db', db, '--listen', `127.0.0.1:${port}`, '--display-seconds', '10', '--metrics-interval', '0',
            ...(demo > 0 ? ['--register-demo-fleet', String(demo)] : [])]);
        for (let i = 0; !(await fetch(`${origin}/healthz`).then((r) => r.ok, () => false)); i += 1) {
            if (i > 200)
                throw new Error('airdisplayd did not start');
            await sleep(50);
        }
        if (demo > 0) {
            // The demo fleet is registered just after the daemon starts answering.
            for (let i = 0; (await fetch(`${origin}/api/v1/banners/${demo}`, { headers: { Authorization: `Bearer ${admin}` } })).status !== 200; i += 1) {
                if (i > 1200)
                    throw new Error('the demo fleet was not registered');
                await sleep(100);
            }
        }
        if (!idle) {
            const headers = { Authorization: `Bearer ${admin}`, 'Content-Type': 'application/json' };
            for (let first = flying + 1; first <= banners; first += 400) {
                const batch = [];
                for (let id = first; id < Math.min(first + 400, banners + 1); id += 1)
                    batch.push({ id, callsign: `BNR-${String(id).padStart(5, '0')}` });
                const r = await fetch(`${origin}/api/v1/banners`, { method: 'POST', headers, body: JSON.stringify({ banners: batch }) });
                if (!r.ok)
                    throw new Error(`registering banners ${first}..: ${r.status} ${await r.text()}`);
                await sleep(22); // the gateway takes 50 requests/s of one token, 16 KB bodies
            }
            // The devices, and customers: the gateway takes 50 requests/s of one token (GatewayOptions::
            // ratePerSecond), so above 45 submissions/s the customers are split over simulators of their
            // own, each with an operator token of its own.
            const customerSims = Math.ceil(rate / 45);
            const [ownRate, otherRate] = customerSims > 1 ? [0, rate / customerSims] : [rate, 0];
            run(simBinary, ['--url', `ws://127.0.0.1:${port}/ws`, '--token', admin, '--banners', String(flying),
                '--customers', ownRate > 0 ? '4' : '0', '--submit-rate', String(ownRate), '--telemetry-interval', String(telemetryMs)]);
            // Provisioned and flying: every banner has reported a position.
            for (let i = 0; ; i += 1) {
                const page = await fetch(`${origin}/api/v1/banners?limit=1000&after=${Math.max(0, flying - 1000)}`, { headers: { Authorization: `Bearer ${admin}` } })
                    .then((r) => r.json(), () => ({ banners: [] }));
                if ((page.banners ?? []).filter((b) => b.position).length >= Math.min(flying, 1000) * 0.95)
                    break;
                if (i > 1200)
                    throw new Error('the simulated fleet did not report positions');
                await sleep(500);
            }
            // Once the banners are registered (the first simulator registers them).
            for (let i = 0; customerSims > 1 && i < customerSims; i += 1) {
                run(simBinary, ['--url', `ws://127.0.0.1:${port}/ws`, '--token', token('operator'), '--customers-only', '--customers', '2',
                    '--banners', String(flying), '--submit-rate', String(otherRate)]);
            }
        }
        // Events the fleet published, from the daemon's own counter.
        const eventsPublished = async () => {
            const text = await fetch(`${origin}/metrics`, { headers: { Authorization: `Bearer ${admin}` } }).then((r) => r.text(), () => '');
            const m = /^airdisplay_fleet_events_published_total\s+(\S+)/m.exec(text);
            return m ? Number(m[1]) : NaN;
        };
        return { origin, admin, operator, daemonPid: daemon.pid, eventsPublished, stop };
    } catch (e) {
        await stop();
        throw e;
    }
}
