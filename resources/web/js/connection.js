// The connection badge in the (sticky) top bar says how fresh the page is: "Live", or while the
// socket is down "Offline: data from 10:31:07, retrying in 9 s [Retry now]" counting down, then
// "Back online, up to date" once the followed banners were read again. While offline the clock is
// frozen (clock.js) and the page is marked stale, so countdowns stand still and grey out.
import { announce } from './announcer.js';
import { byId } from './dom.js';
import { clockTime } from './format.js';
import { freezeClock, frozenSince, thawClock } from './clock.js';

const BACK_ONLINE_FOR_MS = 8000; // then plain "Live"

export class ConnectionView {
    #el = byId('connection');
    #text = byId('connection-text');
    #retry = byId('retry-now');
    #state = 'connecting';
    #retryAt = 0;
    #wasOffline = false;
    #backOnlineTimer = 0;

    constructor(socket) {
        this.#retry.addEventListener('click', () => socket.retryNow());
        socket.addEventListener('status', ({ detail }) => this.#status(detail));
    }

    // The page has read everything again after a reconnect.
    upToDate() {
        if (!this.#wasOffline || this.#state !== 'open')
            return;
        this.#wasOffline = false;
        this.#el.dataset.fresh = 'true';
        this.#set('Back online, up to date');
        announce('Back online, up to date.');
        clearTimeout(this.#backOnlineTimer);
        this.#backOnlineTimer = setTimeout(() => {
            delete this.#el.dataset.fresh;
            this.#render();
        }, BACK_ONLINE_FOR_MS);
    }

    tick() {
        if (this.#state === 'waiting')
            this.#render();
    }

    #status({ state, retryInMs }) {
        const was = this.#state;
        this.#state = state;
        this.#el.dataset.state = state;
        if (state === 'waiting') {
            this.#retryAt = Date.now() + retryInMs;
            if (!this.#wasOffline) {
                this.#wasOffline = true;
                freezeClock();
                document.body.dataset.stale = 'true';
                announce(`Connection lost. The page shows data from ${clockTime(frozenSince())} and keeps retrying.`);
            }
        }
        if (state === 'open') {
            thawClock();
            delete document.body.dataset.stale;
        }
        if (state !== was || state === 'waiting')
            this.#render();
    }

    #render() {
        const offline = this.#wasOffline && this.#state !== 'open';
        this.#retry.hidden = !offline;
        this.#el.dataset.offline = String(offline);
        if (this.#el.dataset.fresh && this.#state === 'open')
            return;
        let text;
        if (offline) {
            const next = this.#state === 'waiting'
                ? `retrying in ${Math.max(0, Math.ceil((this.#retryAt - Date.now()) / 1000))} s`
                : 'connecting…';
            text = `Offline: data from ${clockTime(frozenSince())}, ${next}`;
        } else {
            text = { connecting: 'Connecting…', open: this.#wasOffline ? 'Back online, catching up…' : 'Live', rejected: 'Signed out' }[this.#state];
        }
        this.#set(text);
    }

    #set(text) {
        if (this.#text.textContent !== text)
            this.#text.textContent = text;
    }
}
