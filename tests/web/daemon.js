// A real airdisplayd on a temporary database and a free loopback port, started and stopped by the tests.
import { spawn, execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import { get as httpGet } from 'node:http';
import { get as httpsGet } from 'node:https';
import { once } from 'node:events';

export async function freePort() {
    const server = createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address();
    server.close();
    await once(server, 'close');
    return port;
}

export class Daemon {
    // extraArgs: more options for airdisplayd (e.g. ['--text-limit', '20']).
    constructor({ binary, db, port, banners, displaySeconds, log, tls = null, extraArgs = [] }) {
        Object.assign(this, { binary, db, port, banners, displaySeconds, log, tls, extraArgs });
        this.process = null;
    }

    get origin() {
        return `${this.tls ? 'https' : 'http'}://127.0.0.1:${this.port}`;
    }

    token(role, { banner } = {}) {
        const args = ['token', '--db', this.db, 'create', '--role', role, '--label', `web-test ${role}`];
        if (banner)
            args.push('--banner', String(banner));
        return execFileSync(this.binary, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim().split('\n').pop();
    }

    async start() {
        this.process = spawn(this.binary, [
            '--db', this.db,
            '--listen', `127.0.0.1:${this.port}`,
            '--register-demo-fleet', String(this.banners),
            '--display-seconds', String(this.displaySeconds),
            '--metrics-interval', '0',
            ...(this.tls ? ['--tls-cert', this.tls.cert, '--tls-key', this.tls.key] : []),
            ...this.extraArgs,
        ], { stdio: ['ignore', 'pipe', 'pipe'] });
        this.process.stdout.on('data', (d) => this.log(d));
        this.process.stderr.on('data', (d) => this.log(d));
        const exited = once(this.process, 'exit').then(([code]) => {
            throw new Error(`airdisplayd exited with ${code} while starting`);
        });
        await Promise.race([this.#healthy(), exited]);
        exited.catch(() => {});
    }

    // node:http(s) rather than fetch: the TLS gateway in the tests has a self-signed certificate.
    #healthz() {
        const get = this.tls ? httpsGet : httpGet;
        return new Promise((resolve) => {
            const request = get(`${this.origin}/healthz`, { rejectUnauthorized: false }, (response) => {
                response.resume();
                resolve(response.statusCode === 200);
            });
            request.on('error', () => resolve(false));
        });
    }

    async #healthy() {
        for (let i = 0; i < 200; i += 1) {
            if (await this.#healthz())
                return;
            await new Promise((r) => setTimeout(r, 50));
        }
        throw new Error('airdisplayd did not become healthy');
    }

    // SIGTERM drains, commits and closes, like systemd stopping the service.
    async stop() {
        const child = this.process;
        if (!child || child.exitCode !== null)
            return;
        this.process = null;
        const exited = once(child, 'exit');
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10000);
        await exited;
        clearTimeout(timer);
    }

    async rest(token, method, path, body) {
        const response = await fetch(`${this.origin}/api/v1/${path}`, {
            method,
            headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
            body: body === undefined ? undefined : JSON.stringify(body),
        });
        return { status: response.status, body: await response.json() };
    }
}
