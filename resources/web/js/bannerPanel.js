// One banner in detail: what it shows and for how long, its queue, sending a message, and the
// dispatcher's controls. The detail is the shared BannerDetails read, so the queue estimates here are
// the ones "Your messages" and the tracker show; times come from outlook.js and tick every second.
import { byId, h } from './dom.js';
import { announce } from './announcer.js';
import { bannerStatusLabel, characterCount, clockTime, duration, messageStatusLabel } from './format.js';
import { shownNow } from './clock.js';
import { holdReason, outlook } from './outlook.js';
import { canDispatch, canSubmit } from './session.js';
import { newRequestId } from './requestId.js';

// FleetPolicy::maxTextLength's default, counted against until the gateway's welcome gives the real one
// (`limits.textMaxCharacters`, which `airdisplayd --text-limit` changes); the gateway's own check stays
// the authority (text_too_long).
const DEFAULT_TEXT_LIMIT = 64;

export class BannerPanel {
    #details;
    #store;
    #socket;
    #mine;
    #role = null;
    #id = null;
    #result = null; // {messageId, callsign}: the submission the line under the form is about
    #wasOver = false;
    #textLimit = DEFAULT_TEXT_LIMIT;
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
        confirm: byId('blank-confirm'),
        confirmText: byId('blank-confirm-text'),
        confirmBlank: byId('blank-confirm-button'),
        confirmCancel: byId('blank-cancel-button'),
        dispatchFeedback: byId('dispatch-feedback'),
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

    constructor(details, store, socket, mine) {
        this.#details = details;
        this.#store = store;
        this.#socket = socket;
        this.#mine = mine;
        const el = this.#el;
        el.form.addEventListener('submit', (e) => {
            e.preventDefault();
            this.#submit();
        });
        el.text.addEventListener('input', () => this.#count());
        el.blank.addEventListener('click', () => this.#askBlank());
        el.confirmCancel.addEventListener('click', () => this.#closeConfirm());
        el.confirm.addEventListener('keydown', (e) => {
            if (e.key === 'Escape')
                this.#closeConfirm();
        });
        el.confirmBlank.addEventListener('click', () => this.#blank());
        el.pause.addEventListener('click', () => this.#pauseOrResume('pause'));
        el.resume.addEventListener('click', () => this.#pauseOrResume('resume'));
        this.#count();
    }

    get selectedId() {
        return this.#id;
    }

    // The fleet policy's limits from the gateway's welcome; a gateway that sends none keeps the default.
    setLimits(limits) {
        const text = limits?.textMaxCharacters;
        if (!Number.isInteger(text) || text < 1 || text === this.#textLimit)
            return;
        this.#textLimit = text;
        this.#count();
    }

    setRole(role) {
        this.#role = role;
        this.#el.form.hidden = !canSubmit(role);
        this.#el.viewOnly.hidden = canSubmit(role);
        this.#el.dispatch.hidden = !canDispatch(role);
        this.render();
    }

    show(id) {
        if (id !== this.#id) {
            this.#id = id;
            this.#result = null;
            this.#el.result.replaceChildren();
            delete this.#el.result.dataset.kind;
            this.#el.feedback.textContent = '';
            this.#el.dispatchFeedback.textContent = '';
            this.#el.confirm.hidden = true;
            // Until its detail is read, the banner's own summary heads the panel; nothing of the
            // previous banner stays below it.
            this.#el.nowText.textContent = '';
            this.#el.nowTime.textContent = '';
            this.#el.progress.hidden = true;
            this.#el.queue.replaceChildren();
            this.#el.queueEmpty.hidden = true;
            this.#el.queueTitle.textContent = 'Queue';
        }
        this.#el.empty.hidden = true;
        this.#el.detail.hidden = false;
        this.render();
    }

    loadFailed(id, error) {
        if (id === this.#id)
            this.#el.feedback.textContent = `This banner could not be loaded: ${error.message}`;
    }

    // On every change of the banner's detail or of our messages.
    render() {
        if (!this.renderSummary() || !this.#detail())
            return;
        this.#renderQueue();
        this.tick();
    }

    // On every event about the banner: its status, flags and Pause/Resume follow the summary the
    // event carries at once, not the detail read it triggers (which a loaded gateway may answer
    // seconds later). Returns whether there is a banner to show.
    renderSummary() {
        const summary = this.#summary();
        if (this.#id === null || !summary.callsign)
            return false;
        const el = this.#el;
        el.title.textContent = `${summary.callsign} #${this.#id}`;
        el.status.textContent = bannerStatusLabel(summary.status);
        el.status.dataset.status = summary.status;
        el.flags.textContent = [summary.paused ? 'paused' : '', summary.link === false ? 'no link to the device' : ''].filter(Boolean).join(' · ');
        this.#showPauseControl(summary.paused);
        return true;
    }

    // Every second: the countdowns and estimates, without rebuilding anything a user may be on.
    tick() {
        if (!this.#detail())
            return;
        this.#renderNow();
        for (const item of this.#el.queue.children) {
            const m = this.#detail().queue?.find((q) => q.id === Number(item.dataset.messageId));
            const when = item.querySelector('.queue-when');
            if (m && when)
                when.textContent = this.#queueWhen(m);
        }
        this.#renderResult();
    }

    #detail() {
        const detail = this.#id === null ? null : this.#details.get(this.#id);
        return detail?.id === this.#id ? detail : null;
    }

    // The live summary (events) over the detail's (REST), which can be a moment older.
    #summary() {
        return { ...this.#detail(), ...this.#store.get(this.#id) };
    }

    #context(bannerId = this.#id) {
        return {
            detail: this.#details.get(bannerId),
            summary: { ...this.#details.get(bannerId), ...this.#store.get(bannerId) },
            displayMs: this.#details.displayMs,
            now: shownNow(),
        };
    }

    #renderNow() {
        const current = this.#detail().current;
        const el = this.#el;
        const now = shownNow();
        el.nowText.textContent = current ? `“${current.text}”` : 'Nothing';
        el.nowText.classList.toggle('muted', !current);
        if (current?.status === 'displaying' && current.endsAtMs) {
            const left = Math.max(0, current.endsAtMs - now);
            el.nowTime.textContent = `${Math.ceil(left / 1000)} s left, until ${clockTime(current.endsAtMs)}`;
            el.progress.hidden = false;
            el.progress.max = current.endsAtMs - current.startedMs;
            el.progress.value = Math.min(el.progress.max, now - current.startedMs);
        } else {
            const hold = holdReason(this.#summary());
            const resume = hold && hold.kind !== 'offline' && canDispatch(this.#role) ? '. Press Resume queue to continue' : '';
            el.nowTime.textContent = current ? 'Sent to the banner; waiting for it to confirm.' : (hold ? `${hold.text}${resume}.` : '');
            el.progress.hidden = true;
        }
    }

    #queueWhen(m) {
        const o = outlook(m, this.#context());
        if (o.hold)
            return o.text;
        if (o.startsAt)
            return `${messageStatusLabel(o.status)} · starts about ${clockTime(o.startsAt)} (in ${duration(o.startsAt - shownNow())})`;
        return messageStatusLabel(o.status);
    }

    #renderQueue() {
        const el = this.#el;
        const queue = this.#detail().queue ?? [];
        // Re-rendering replaces the buttons: keep keyboard focus on the same control, or near it.
        const focusKey = el.queue.contains(document.activeElement) ? document.activeElement.dataset.key : null;
        el.queue.replaceChildren(...queue.map((m, index) => this.#queueItem(m, index, queue.length)));
        el.queueEmpty.hidden = queue.length > 0;
        el.queueTitle.textContent = queue.length ? `Queue (${queue.length} waiting)` : 'Queue';
        if (focusKey) {
            const again = el.queue.querySelector(`[data-key="${CSS.escape(focusKey)}"]`);
            (again && !again.disabled ? again : el.queueTitle).focus();
        }
    }

    #queueItem(m, index, length) {
        const mine = this.#mine.isMine(m);
        const waiting = m.status === 'queued' || m.status === 'pending_review';
        const button = (action, label, frame, done, disabled = false) => h('button', {
            type: 'button',
            class: 'button-small',
            dataset: { key: `${m.id}:${action}`, action },
            'aria-label': `${label} “${m.text}”`,
            disabled,
            onclick: () => this.#command(frame, done(m), this.#el.feedback),
        }, label);
        const actions = [];
        if (waiting && mine && canSubmit(this.#role))
            actions.push(button('cancel', 'Cancel', { type: 'cancel', messageId: m.id }, (x) => `Message cancelled: “${x.text}”.`));
        if (canDispatch(this.#role)) {
            if (m.status === 'pending_review') {
                actions.push(button('approve', 'Approve', { type: 'approve', messageId: m.id }, (x) => `Message approved: “${x.text}”.`));
                actions.push(button('reject', 'Reject', { type: 'reject', messageId: m.id }, (x) => `Message rejected: “${x.text}”.`));
            }
            actions.push(button('up', 'Move up', { type: 'move', messageId: m.id, position: index }, (x) => `“${x.text}” moved up to position ${index}.`, index === 0));
            actions.push(button('down', 'Move down', { type: 'move', messageId: m.id, position: index + 2 }, (x) => `“${x.text}” moved down to position ${index + 2}.`, index === length - 1));
            actions.push(button('remove', 'Remove', { type: 'remove', messageId: m.id }, (x) => `Message removed: “${x.text}”.`));
        }
        return h('li', { class: 'queue-item', dataset: { messageId: m.id, status: m.status } },
            h('span', { class: 'queue-position', text: String(index + 1), 'aria-label': `Position ${index + 1}` }),
            h('div', { class: 'queue-body' },
                h('p', { class: 'queue-text', text: `“${m.text}”` }),
                h('p', { class: 'muted small' },
                    mine ? h('span', { class: 'tag tag-first', text: 'yours' }) : null,
                    h('span', { class: 'queue-when live-time', text: this.#queueWhen(m) }))),
            actions.length ? h('div', { class: 'queue-actions' }, actions) : null);
    }

    // The line under the form follows its message: it is rewritten while the message waits and shows,
    // and goes once the message is over (the tracker and "Your messages" keep the outcome).
    #renderResult() {
        const el = this.#el;
        if (!this.#result)
            return;
        const { messageId, callsign } = this.#result;
        const entry = this.#mine.get(messageId);
        if (!entry)
            return;
        const o = outlook({ id: messageId, status: entry.status, startedMs: entry.startedMs, endsAtMs: entry.endsAtMs }, this.#context(entry.bannerId));
        let text = '';
        if (o.status === 'pending_review') {
            text = `Waiting for a dispatcher’s review before it can show on ${callsign}.`;
        } else if (o.step === 'queued') {
            // Until the detail lists it, the ack's position and estimate are the newest there are.
            const position = o.position ?? entry.position;
            const startsAt = o.position ? o.startsAt : entry.estimatedStart;
            const when = o.hold ? ` ${o.text}.` : (startsAt ? ` Estimated start ${clockTime(startsAt)} (in ${duration(startsAt - shownNow())}).` : '');
            text = `Queued at position ${position} on ${callsign}.${when}`;
        } else if (o.step === 'sent') {
            text = `Sent to ${callsign} now; it starts as soon as the banner confirms.`;
        } else if (o.step === 'displaying') {
            text = `${o.text} on ${callsign}.`;
        }
        if (el.result.textContent !== text)
            el.result.textContent = text;
        if (o.step === 'finished')
            this.#result = null;
    }

    #count() {
        const el = this.#el;
        const n = characterCount(el.text.value);
        const limit = this.#textLimit;
        const over = n > limit;
        el.count.textContent = over
            ? `${n} / ${limit} characters: ${n - limit} too many`
            : `${n} / ${limit} characters`;
        el.count.dataset.over = over ? 'true' : 'false';
        el.text.setAttribute('aria-invalid', over ? 'true' : 'false');
        // The count is read with the field; crossing the limit is worth saying at once.
        if (over !== this.#wasOver)
            announce(over ? `Too long: at most ${limit} characters.` : 'Length is within the limit again.');
        this.#wasOver = over;
    }

    async #submit() {
        const el = this.#el;
        const text = el.text.value;
        const bannerId = this.#id;
        const callsign = this.#detail()?.callsign ?? `#${bannerId}`;
        el.send.disabled = true;
        this.#result = null; // the line now speaks of this submission
        el.result.dataset.kind = 'pending';
        delete el.result.dataset.code;
        el.result.textContent = this.#socket.connected ? 'Sending…' : 'Waiting for the connection; the message is sent as soon as it is back.';
        try {
            const ack = await this.#socket.request({ type: 'submit', bannerId, text, requestId: newRequestId() }, { resend: true });
            // Position 0 (left out of the WebSocket ack) means the banner was free and it went out at once.
            const position = ack.position ?? 0;
            this.#mine.add({ messageId: ack.messageId, bannerId, callsign, text, status: position ? 'queued' : 'sent', position, estimatedStart: ack.estimatedStart });
            el.result.dataset.kind = 'ok';
            el.result.dataset.messageId = ack.messageId;
            if (bannerId === this.#id) {
                this.#result = { messageId: ack.messageId, callsign };
                this.#renderResult();
            }
            // Whatever was typed while this one was on its way stays.
            if (el.text.value === text) {
                el.text.value = '';
                this.#count();
            }
            this.#details.refresh(bannerId, 0);
        } catch (e) {
            el.result.dataset.kind = 'error';
            el.result.dataset.code = e.code;
            el.result.replaceChildren(h('strong', { text: e.message }), e.detail ? h('span', { class: 'muted small', text: ` (${e.detail})` }) : null);
        } finally {
            el.send.disabled = false;
        }
    }

    // Pause and Resume take turns in one place: the one that appears takes the focus of the one that went.
    #showPauseControl(paused) {
        const el = this.#el;
        const leaving = paused ? el.pause : el.resume;
        const coming = paused ? el.resume : el.pause;
        const hadFocus = document.activeElement === leaving;
        leaving.hidden = true;
        coming.hidden = false;
        if (hadFocus)
            coming.focus();
    }

    async #pauseOrResume(type) {
        const callsign = this.#detail()?.callsign ?? `Banner ${this.#id}`;
        const done = type === 'pause'
            ? `${callsign} paused: the message showing finishes, nothing new starts until you press Resume queue.`
            : `${callsign} resumed: the queue runs again.`;
        if (await this.#command({ type, bannerId: this.#id }, done, this.#el.dispatchFeedback))
            this.#showPauseControl(type === 'pause');
    }

    #askBlank() {
        const el = this.#el;
        const b = this.#detail();
        if (!b)
            return;
        const stops = b.current ? `“${b.current.text}” stops at once and the queue pauses` : 'The queue pauses';
        el.confirmText.textContent = `Blank ${b.callsign} now? ${stops}: nothing more shows until someone presses Resume queue.`;
        el.confirm.hidden = false;
        el.blank.setAttribute('aria-expanded', 'true');
        el.confirmCancel.focus();
    }

    #closeConfirm() {
        const el = this.#el;
        el.confirm.hidden = true;
        el.blank.setAttribute('aria-expanded', 'false');
        el.blank.focus();
    }

    async #blank() {
        const callsign = this.#detail()?.callsign ?? `Banner ${this.#id}`;
        this.#closeConfirm();
        await this.#command({ type: 'blank', bannerId: this.#id },
            `${callsign} is blank and its queue is paused. Press Resume queue to show the next message.`,
            this.#el.dispatchFeedback);
    }

    // The answer is written next to the control that asked (a live region, so screen readers hear it).
    async #command(frame, done, feedback) {
        feedback.dataset.kind = 'pending';
        feedback.textContent = 'Working…';
        try {
            await this.#socket.request(frame);
            feedback.dataset.kind = 'ok';
            feedback.textContent = done;
            this.#details.refresh(this.#id, 0);
            return true;
        } catch (e) {
            feedback.dataset.kind = 'error';
            feedback.textContent = e.message;
            return false;
        }
    }
}
