// One banner in detail: what it shows and for how long, its queue, sending a message, and the
// dispatcher's controls. The detail comes from REST and is fetched again whenever an event for the
// banner arrives, so it always matches what the gateway committed.
import { byId, h } from './dom.js';
import { bannerStatusLabel, clockTime, duration, messageStatusLabel } from './format.js';
import { serverNow } from './clock.js';
import { canDispatch, canSubmit } from './session.js';
import { newRequestId } from './requestId.js';

const REFRESH_DELAY_MS = 150;

export class BannerPanel {
    #api;
    #socket;
    #mine;
    #role = null;
    #id = null;
    #banner = null;
    #refreshTimer = 0;
    #displayMs = null; // learnt from a displaying message: the gateway does not publish its policy
    #el = {
        empty: byId('banner-empty'),
        detail: byId('banner-detail'),
        title: byId('banner-title'),
        status: byId('banner-status'),
        flags: byId('banner-flags'),
        nowText: byId('now-text'),
        nowTime: byId('now-time'),
        progress: byId('now-progress'),
        dispatch: byId('dispatch'),
        blank: byId('blank-button'),
        pause: byId('pause-button'),
        resume: byId('resume-button'),
        form: byId('submit-form'),
        viewOnly: byId('view-only'),
        text: byId('message-text'),
        count: byId('message-count'),
        send: byId('send-button'),
        result: byId('submit-result'),
        queueTitle: byId('queue-title'),
        queue: byId('queue'),
        queueEmpty: byId('queue-empty'),
        feedback: byId('panel-feedback'),
    };

    constructor(api, socket, mine) {
        this.#api = api;
        this.#socket = socket;
        this.#mine = mine;
        const el = this.#el;
        el.form.addEventListener('submit', (e) => {
            e.preventDefault();
            this.#submit();
        });
        el.text.addEventListener('input', () => {
            const n = [...el.text.value].length;
            el.count.textContent = `${n} character${n === 1 ? '' : 's'}`;
        });
        el.blank.addEventListener('click', () => this.#command({ type: 'blank', bannerId: this.#id }, 'Banner blanked.'));
        el.pause.addEventListener('click', () => this.#command({ type: 'pause', bannerId: this.#id }, 'Banner paused.'));
        el.resume.addEventListener('click', () => this.#command({ type: 'resume', bannerId: this.#id }, 'Banner resumed.'));
        setInterval(() => this.#renderNow(), 1000);
    }

    get selectedId() {
        return this.#id;
    }

    setRole(role) {
        this.#role = role;
        this.#el.form.hidden = !canSubmit(role);
        this.#el.viewOnly.hidden = canSubmit(role);
        this.#el.dispatch.hidden = !canDispatch(role);
        if (this.#banner)
            this.#render();
    }

    show(id) {
        if (id !== this.#id) {
            this.#id = id;
            this.#banner = null;
            this.#el.result.replaceChildren();
            this.#el.feedback.textContent = '';
        }
        this.#el.empty.hidden = true;
        this.#el.detail.hidden = false;
        this.refresh(0);
    }

    refresh(delay = REFRESH_DELAY_MS) {
        if (this.#id === null)
            return;
        clearTimeout(this.#refreshTimer);
        this.#refreshTimer = setTimeout(() => this.#load(), delay);
    }

    async #load() {
        const id = this.#id;
        try {
            const banner = await this.#api.banner(id);
            if (id !== this.#id)
                return;
            this.#banner = banner;
            this.#render();
        } catch (e) {
            if (id === this.#id)
                this.#el.feedback.textContent = `This banner could not be loaded: ${e.message}`;
        }
    }

    #render() {
        const b = this.#banner;
        const el = this.#el;
        el.title.textContent = `${b.callsign} #${b.id}`;
        el.status.textContent = bannerStatusLabel(b.status);
        el.status.dataset.status = b.status;
        el.flags.textContent = [b.paused ? 'paused' : '', b.link ? '' : 'no link to the device'].filter(Boolean).join(' · ');
        el.pause.hidden = b.paused;
        el.resume.hidden = !b.paused;
        const current = b.current;
        if (current?.startedMs && current.endsAtMs > current.startedMs)
            this.#displayMs = current.endsAtMs - current.startedMs;
        this.#renderNow();
        this.#renderQueue();
    }

    #renderNow() {
        const current = this.#banner?.current;
        const el = this.#el;
        if (!this.#banner)
            return;
        el.nowText.textContent = current ? `“${current.text}”` : 'Nothing';
        el.nowText.classList.toggle('muted', !current);
        if (current?.status === 'displaying' && current.endsAtMs) {
            const left = Math.max(0, current.endsAtMs - serverNow());
            el.nowTime.textContent = `${Math.ceil(left / 1000)} s left, until ${clockTime(current.endsAtMs)}`;
            el.progress.hidden = false;
            el.progress.max = current.endsAtMs - current.startedMs;
            el.progress.value = Math.min(el.progress.max, serverNow() - current.startedMs);
        } else {
            el.nowTime.textContent = current ? 'Sent to the banner; waiting for it to confirm.' : '';
            el.progress.hidden = true;
        }
    }

    #renderQueue() {
        const el = this.#el;
        const queue = this.#banner.queue ?? [];
        // Re-rendering replaces the buttons: keep keyboard focus on the same control, or near it.
        const focusKey = el.queue.contains(document.activeElement) ? document.activeElement.dataset.key : null;
        const current = this.#banner.current;
        let base = current ? (current.endsAtMs ?? serverNow() + (this.#displayMs ?? 0)) : serverNow();
        el.queue.replaceChildren(...queue.map((m, index) => {
            let estimate = null;
            if (m.status === 'queued' && this.#displayMs) {
                estimate = base;
                base += this.#displayMs;
            }
            return this.#queueItem(m, index, queue.length, estimate);
        }));
        el.queueEmpty.hidden = queue.length > 0;
        el.queueTitle.textContent = queue.length ? `Queue (${queue.length} waiting)` : 'Queue';
        if (focusKey) {
            const again = el.queue.querySelector(`[data-key="${CSS.escape(focusKey)}"]`);
            (again && !again.disabled ? again : el.queueTitle).focus();
        }
    }

    #queueItem(m, index, length, estimate) {
        const mine = this.#mine.isMine(m);
        const waiting = m.status === 'queued' || m.status === 'pending_review';
        const button = (action, label, frame, done, disabled = false) => h('button', {
            type: 'button',
            class: 'button-small',
            dataset: { key: `${m.id}:${action}`, action },
            'aria-label': `${label} “${m.text}”`,
            disabled,
            onclick: () => this.#command(frame, done),
        }, label);
        const actions = [];
        if (waiting && mine && canSubmit(this.#role))
            actions.push(button('cancel', 'Cancel', { type: 'cancel', messageId: m.id }, 'Message cancelled.'));
        if (canDispatch(this.#role)) {
            if (m.status === 'pending_review') {
                actions.push(button('approve', 'Approve', { type: 'approve', messageId: m.id }, 'Message approved.'));
                actions.push(button('reject', 'Reject', { type: 'reject', messageId: m.id }, 'Message rejected.'));
            }
            actions.push(button('up', 'Move up', { type: 'move', messageId: m.id, position: index }, 'Message moved up.', index === 0));
            actions.push(button('down', 'Move down', { type: 'move', messageId: m.id, position: index + 2 }, 'Message moved down.', index === length - 1));
            actions.push(button('remove', 'Remove', { type: 'remove', messageId: m.id }, 'Message removed.'));
        }
        return h('li', { class: 'queue-item', dataset: { messageId: m.id, status: m.status } },
            h('span', { class: 'queue-position', text: String(index + 1), 'aria-label': `Position ${index + 1}` }),
            h('div', { class: 'queue-body' },
                h('p', { class: 'queue-text', text: `“${m.text}”` }),
                h('p', { class: 'muted small' },
                    messageStatusLabel(m.status),
                    mine ? h('span', { class: 'tag', text: 'yours' }) : null,
                    estimate ? ` · starts about ${clockTime(estimate)} (in ${duration(estimate - serverNow())})` : '')),
            actions.length ? h('div', { class: 'queue-actions' }, actions) : null);
    }

    async #submit() {
        const el = this.#el;
        const text = el.text.value;
        const bannerId = this.#id;
        const callsign = this.#banner?.callsign ?? `#${bannerId}`;
        el.send.disabled = true;
        el.result.dataset.kind = 'pending';
        el.result.textContent = this.#socket.connected ? 'Sending…' : 'Waiting for the connection; the message is sent as soon as it is back.';
        try {
            const ack = await this.#socket.request({ type: 'submit', bannerId, text, requestId: newRequestId() }, { resend: true });
            // Position 0 (left out of the WebSocket ack) means the banner was free and it went out at once.
            const position = ack.position ?? 0;
            this.#mine.add({ messageId: ack.messageId, bannerId, callsign, text, status: 'queued', position, estimatedStart: ack.estimatedStart });
            const when = `${clockTime(ack.estimatedStart)} (in ${duration(ack.estimatedStart - serverNow())})`;
            el.result.dataset.kind = 'ok';
            el.result.dataset.messageId = ack.messageId;
            el.result.textContent = position
                ? `Queued at position ${position} on ${callsign}. Estimated start ${when}.`
                : `Sent to ${callsign} now; it starts as soon as the banner confirms.`;
            // Whatever was typed while this one was on its way stays.
            if (el.text.value === text) {
                el.text.value = '';
                el.count.textContent = '';
            }
            this.refresh(0);
        } catch (e) {
            el.result.dataset.kind = 'error';
            el.result.dataset.code = e.code;
            el.result.replaceChildren(h('strong', { text: e.message }), e.detail ? h('span', { class: 'muted small', text: ` (${e.detail})` }) : null);
        } finally {
            el.send.disabled = false;
        }
    }

    async #command(frame, done) {
        const feedback = this.#el.feedback;
        feedback.dataset.kind = 'pending';
        feedback.textContent = 'Working…';
        try {
            await this.#socket.request(frame);
            feedback.dataset.kind = 'ok';
            feedback.textContent = done;
            this.refresh(0);
        } catch (e) {
            feedback.dataset.kind = 'error';
            feedback.textContent = e.message;
        }
    }
}
