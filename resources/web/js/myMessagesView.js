// "Your messages": what this tab sent and where each one is now, with a cancel button while it waits.
// Where it is and when it shows come from outlook.js, as in the banner's queue.
import { byId, h } from './dom.js';
import { messageStatusLabel } from './format.js';
import { shownNow } from './clock.js';
import { outlook } from './outlook.js';

export class MyMessagesView {
    #mine;
    #details;
    #store;
    #socket;
    #list = byId('mine');
    #empty = byId('mine-empty');
    #feedback = byId('mine-feedback');

    constructor(mine, details, store, socket) {
        this.#mine = mine;
        this.#details = details;
        this.#store = store;
        this.#socket = socket;
        mine.addEventListener('change', () => this.render());
        this.onSelect = () => {};
    }

    render() {
        const messages = this.#mine.list();
        const focusKey = this.#list.contains(document.activeElement) ? document.activeElement.dataset.key : null;
        this.#list.replaceChildren(...messages.map((m) => h('li', {
            class: 'mine-item',
            dataset: { messageId: m.messageId, status: m.status },
        },
        h('p', { class: 'queue-text', text: `“${m.text}”` }),
        h('p', { class: 'muted small' },
            h('button', { type: 'button', class: 'link-button', onclick: () => this.onSelect(m.bannerId), text: m.callsign }),
            ' · ',
            h('span', { class: 'mine-status live-time', text: this.#describe(m) })),
        m.status === 'queued' || m.status === 'pending_review'
            ? h('button', {
                type: 'button',
                class: 'button-small',
                dataset: { key: `mine:${m.messageId}` },
                'aria-label': `Cancel “${m.text}”`,
                onclick: () => this.#cancel(m),
            }, 'Cancel')
            : null)));
        this.#empty.hidden = messages.length > 0;
        if (focusKey)
            this.#list.querySelector(`[data-key="${CSS.escape(focusKey)}"]`)?.focus();
    }

    #describe(m) {
        const o = outlook({ id: m.messageId, status: m.status, startedMs: m.startedMs, endsAtMs: m.endsAtMs }, {
            detail: this.#details.get(m.bannerId),
            summary: { ...this.#details.get(m.bannerId), ...this.#store.get(m.bannerId) },
            displayMs: this.#details.displayMs,
            now: shownNow(),
        });
        if (o.text)
            return o.text;
        return m.status === 'rejected' && m.reason ? `${messageStatusLabel(m.status)}: ${m.reason}` : messageStatusLabel(m.status);
    }

    // Every second and on every event: the words only, so a focused Cancel button stays put.
    tick() {
        for (const item of this.#list.children) {
            const m = this.#mine.get(Number(item.dataset.messageId));
            const status = item.querySelector('.mine-status');
            if (m && status) {
                const text = this.#describe(m);
                if (status.textContent !== text)
                    status.textContent = text;
            }
        }
    }

    async #cancel(m) {
        this.#feedback.dataset.kind = 'pending';
        this.#feedback.textContent = 'Cancelling…';
        try {
            await this.#socket.request({ type: 'cancel', messageId: m.messageId });
            this.#feedback.dataset.kind = 'ok';
            this.#feedback.textContent = `“${m.text}” cancelled.`;
        } catch (e) {
            this.#feedback.dataset.kind = 'error';
            this.#feedback.textContent = e.message;
        }
    }
}
