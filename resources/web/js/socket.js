// The live connection: authenticates, keeps one subscription, reconnects by itself with jittered
// exponential backoff and, once it has seen an event, resubscribes from the last global sequence so
// nothing is missed or repeated across the gap.
import { GatewayError } from './errors.js';

const BACKOFF_FIRST_MS = 500;
const BACKOFF_MAX_MS = 15000;
const PING_EVERY_MS = 20000;
// A connection that stops answering pings (a phone changing networks) is dropped and replaced.
const PONG_WITHIN_MS = 10000;
const ANSWER_WITHIN_MS = 20000;
const CLOSE_TOKEN_REVOKED = 4003; // docs/protocol.md, WebSocket close codes

export function socketUrl(location) {
    const url = new URL('ws', location.href);
    url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
    return url.href;
}

export class FleetSocket extends EventTarget {
    #url;
    #token;
    #ws = null;
    #authenticated = false;
    #everWelcomed = false;
    #stopped = false;
    #attempt = 0;
    #retryTimer = 0;
    #pingTimer = 0;
    #pongTimer = 0;
    #nextId = 1;
    #pending = new Map(); // id → {frame, resolve, reject, timer, resend}
    #banners = null; // the subscribed banner ids, or null for none
    #lastSeq = null;
    // A phone coming back online should not wait out the backoff.
    #onOnline = () => this.#reconnectNow();

    constructor(url, token) {
        super();
        this.#url = url;
        this.#token = token;
    }

    get connected() {
        return this.#authenticated;
    }

    get lastSeq() {
        return this.#lastSeq;
    }

    start() {
        this.#stopped = false;
        window.addEventListener('online', this.#onOnline);
        this.#connect();
    }

    stop() {
        this.#stopped = true;
        window.removeEventListener('online', this.#onOnline);
        clearTimeout(this.#retryTimer);
        this.#stopTimers();
        this.#ws?.close(1000, 'signed out');
        this.#ws = null;
        this.#failPending('disconnected', () => true);
    }

    // Replaces the subscription; the gateway replays from the last sequence seen, so banners added to
    // the set are caught up too.
    watch(bannerIds) {
        const ids = [...new Set(bannerIds)].sort((a, b) => a - b);
        if (this.#banners && ids.length === this.#banners.length && ids.every((id, i) => id === this.#banners[i]))
            return;
        this.#banners = ids.length ? ids : null;
        if (this.#authenticated)
            this.#sendSubscription();
    }

    // Sends a command and resolves with its ack. A command made while offline waits for the connection;
    // one marked `resend` (an idempotent submission) is sent again if the connection drops before the
    // answer, the others fail with `disconnected` because their effect is unknown.
    request(frame, { resend = false } = {}) {
        const id = `c${this.#nextId++}`;
        return new Promise((resolve, reject) => {
            const entry = { frame: { ...frame, id }, resolve, reject, timer: 0, resend, sent: false };
            this.#pending.set(id, entry);
            if (this.#authenticated)
                this.#sendPending(entry);
        });
    }

    #connect() {
        if (this.#stopped)
            return;
        this.#status('connecting');
        const ws = new WebSocket(this.#url);
        this.#ws = ws;
        ws.addEventListener('open', () => this.#send({ type: 'auth', token: this.#token, id: 'auth' }));
        ws.addEventListener('message', (e) => this.#receive(e.data));
        ws.addEventListener('close', (e) => this.#closed(ws, e.code));
    }

    #closed(ws, code) {
        if (ws !== this.#ws)
            return;
        this.#ws = null;
        this.#authenticated = false;
        this.#stopTimers();
        this.#failPending('disconnected', (entry) => entry.sent && !entry.resend);
        for (const entry of this.#pending.values()) {
            clearTimeout(entry.timer);
            entry.sent = false;
        }
        if (code === CLOSE_TOKEN_REVOKED) {
            // The token was revoked while in use: reconnecting with it can only be refused.
            this.#stopped = true;
            this.#status('rejected');
        }
        if (this.#stopped)
            return;
        const delay = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** this.#attempt);
        // Jitter spreads a fleet of clients reconnecting to a restarted gateway.
        const wait = Math.round(delay * (0.5 + Math.random() / 2));
        this.#attempt += 1;
        this.#status('waiting', wait);
        this.#retryTimer = setTimeout(() => this.#connect(), wait);
    }

    // "Retry now": skip the rest of the backoff.
    retryNow() {
        this.#reconnectNow();
    }

    #reconnectNow() {
        if (this.#stopped || this.#ws)
            return;
        clearTimeout(this.#retryTimer);
        this.#attempt = 0;
        this.#connect();
    }

    #receive(text) {
        let frame;
        try {
            frame = JSON.parse(text);
        } catch {
            return;
        }
        switch (frame.type) {
        case 'welcome':
            this.#welcome(frame);
            break;
        case 'pong':
            clearTimeout(this.#pongTimer);
            break;
        case 'ack':
            this.#settle(frame.id, (entry) => entry.resolve(frame));
            break;
        case 'error':
            if (frame.id === 'auth') {
                if (frame.code === 'invalid_token') {
                    this.#stopped = true;
                    this.#status('rejected');
                }
                return;
            }
            this.#settle(frame.id, (entry) => entry.reject(new GatewayError(frame.code, frame.message)));
            break;
        case 'event':
            this.#event(frame);
            break;
        case 'events': // a batched subscription: many events, each as its own frame would be
            for (const event of frame.events ?? [])
                this.#event(event);
            break;
        case 'state':
            if (this.#lastSeq === null || frame.seq > this.#lastSeq)
                this.#lastSeq = frame.seq;
            this.dispatchEvent(new CustomEvent('state', { detail: frame }));
            break;
        case 'resync':
            // The gateway skipped events while this client was behind; the `state` frames that follow
            // carry each banner's latest summary, and the owner refreshes what it shows in detail.
            this.dispatchEvent(new CustomEvent('resync', { detail: frame }));
            break;
        default:
            break; // later protocol versions may add frames: ignore them
        }
    }

    #event(frame) {
        if (this.#lastSeq === null || frame.seq > this.#lastSeq)
            this.#lastSeq = frame.seq;
        this.dispatchEvent(new CustomEvent('event', { detail: frame }));
    }

    #welcome(frame) {
        const reconnected = this.#everWelcomed;
        this.#authenticated = true;
        this.#everWelcomed = true;
        this.#attempt = 0;
        this.#status('open');
        this.dispatchEvent(new CustomEvent('welcome', { detail: { role: frame.role, limits: frame.limits ?? null, reconnected } }));
        if (this.#banners)
            this.#sendSubscription();
        for (const entry of this.#pending.values())
            this.#sendPending(entry);
        this.#pingTimer = setInterval(() => this.#ping(), PING_EVERY_MS);
    }

    #sendSubscription() {
        if (!this.#banners) {
            this.#send({ type: 'unsubscribe' });
            return;
        }
        const frame = { type: 'subscribe', banners: this.#banners };
        if (this.#lastSeq !== null)
            frame.fromSeq = this.#lastSeq;
        this.#send(frame);
    }

    #sendPending(entry) {
        entry.sent = true;
        clearTimeout(entry.timer);
        entry.timer = setTimeout(() => this.#settle(entry.frame.id, (e) => e.reject(new GatewayError('timeout'))),
            ANSWER_WITHIN_MS);
        this.#send(entry.frame);
    }

    #settle(id, how) {
        const entry = this.#pending.get(id);
        if (!entry)
            return;
        this.#pending.delete(id);
        clearTimeout(entry.timer);
        how(entry);
    }

    #failPending(code, which) {
        for (const [id, entry] of [...this.#pending]) {
            if (which(entry))
                this.#settle(id, (e) => e.reject(new GatewayError(code)));
        }
    }

    #ping() {
        this.#send({ type: 'ping' });
        clearTimeout(this.#pongTimer);
        this.#pongTimer = setTimeout(() => {
            // A dead TCP connection can take minutes to report its close: give up on it now.
            const ws = this.#ws;
            ws?.close(4000, 'no pong');
            this.#closed(ws);
        }, PONG_WITHIN_MS);
    }

    #stopTimers() {
        clearInterval(this.#pingTimer);
        clearTimeout(this.#pongTimer);
    }

    #send(frame) {
        if (this.#ws?.readyState === WebSocket.OPEN)
            this.#ws.send(JSON.stringify(frame));
    }

    #status(state, retryInMs = 0) {
        this.dispatchEvent(new CustomEvent('status', { detail: { state, retryInMs } }));
    }
}
