// "Your messages": what this tab sent and where each one is now, with a cancel button while it waits.
import { byId, h } from './dom.js';
import { clockTime, duration, messageStatusLabel } from './format.js';
import { serverNow } from './clock.js';

export class MyMessagesView {
    #mine;
    #socket;
    #list = byId('mine');
    #empty = byId('mine-empty');
    #feedback = byId('mine-feedback');

    constructor(mine, socket) {
        this.#mine = mine;
        this.#socket = socket;
        mine.addEventListener('change', () => this.render());
        setInterval(() => this.#tick(), 1000);
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
            h('span', { class: 'mine-status', text: this.#describe(m) })),
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
        if (m.status === 'displaying' && m.endsAtMs)
            return `displaying, ${duration(m.endsAtMs - serverNow())} left`;
        if (m.status === 'queued' && m.estimatedStart > serverNow())
            return `queued, estimated start ${clockTime(m.estimatedStart)}`;
        return messageStatusLabel(m.status);
    }

    #tick() {
        for (const item of this.#list.querySelectorAll('[data-status="displaying"], [data-status="queued"]')) {
            const m = this.#mine.list().find((x) => x.messageId === Number(item.dataset.messageId));
            if (m)
                item.querySelector('.mine-status').textContent = this.#describe(m);
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
