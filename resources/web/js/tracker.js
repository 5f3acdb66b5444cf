// The tracker card: the latest message this tab sent, step by step (Queued #3 → Sent → On display 0:42
// left → Shown), from the same outlook as everything else. On a phone it sits at the top of the page.
import { byId } from './dom.js';
import { messageStatusLabel } from './format.js';
import { shownNow } from './clock.js';
import { outlook } from './outlook.js';

const STEPS = ['queued', 'sent', 'displaying', 'shown'];

export class Tracker {
    #mine;
    #details;
    #store;
    #card = byId('tracker');
    #text = byId('tracker-text');
    #steps = new Map([...byId('tracker-steps').children].map((li) => [li.dataset.step, li]));
    #status = byId('tracker-status');
    #map = byId('tracker-map');
    #bannerId = null;
    onShowOnMap = () => {};

    constructor(mine, details, store) {
        this.#mine = mine;
        this.#details = details;
        this.#store = store;
        this.#map.addEventListener('click', () => this.onShowOnMap(this.#bannerId));
        mine.addEventListener('change', () => this.tick());
    }

    tick() {
        const m = this.#mine.list()[0] ?? null; // the newest
        this.#card.hidden = !m;
        if (!m)
            return;
        this.#bannerId = m.bannerId;
        const o = outlook({ id: m.messageId, status: m.status, startedMs: m.startedMs, endsAtMs: m.endsAtMs }, {
            detail: this.#details.get(m.bannerId),
            summary: { ...this.#details.get(m.bannerId), ...this.#store.get(m.bannerId) },
            displayMs: this.#details.displayMs,
            now: shownNow(),
        });
        this.#card.dataset.messageId = m.messageId;
        this.#card.dataset.status = m.status;
        this.#set(this.#text, `“${m.text}” on ${m.callsign}`);
        this.#map.textContent = `Show ${m.callsign} on the map`;
        // A message that ended without being shown stops at the step it reached.
        const stopped = o.step === 'finished' && m.status !== 'shown';
        const reached = o.step === 'finished' ? (m.status === 'shown' ? 3 : this.#lastReached(m)) : STEPS.indexOf(o.step);
        const labels = {
            queued: o.position ? `Queued #${o.position}` : (m.status === 'pending_review' ? 'In review' : 'Queued'),
            sent: 'Sent',
            displaying: o.step === 'displaying' && o.leftMs !== null ? o.text : 'On display',
            shown: 'Shown',
        };
        STEPS.forEach((step, i) => {
            const li = this.#steps.get(step);
            const state = i < reached || (i === reached && m.status === 'shown') ? 'done' : (i === reached ? (stopped ? 'stopped' : 'current') : 'todo');
            li.dataset.state = state;
            if (state === 'current')
                li.setAttribute('aria-current', 'step');
            else
                li.removeAttribute('aria-current');
            this.#set(li.querySelector('.step-name'), labels[step]);
        });
        const status = stopped ? `Stopped: ${messageStatusLabel(m.status)}.` : (o.hold || o.status === 'pending_review' ? `${o.text}.` : '');
        this.#set(this.#status, status);
        this.#status.hidden = !status;
    }

    // How far a message got before it was cancelled, removed, rejected, blanked or interrupted.
    #lastReached(m) {
        if (m.status === 'blanked' || m.status === 'interrupted')
            return 2;
        return 0;
    }

    #set(el, text) {
        if (el.textContent !== text)
            el.textContent = text;
    }
}
