#include "BannerQueue.h"

#include "JsonWriter.h"

namespace airdisplay {

namespace {

// Author and request ids come from clients; they are bounded like every other input.
constexpr int kMaxKeyLength = 128;

} // namespace

BannerQueue::BannerQueue(BannerState state, const FleetPolicy &policy, const MessageText &text, Clock clock,
                         bool linkUp)
    : m_state(std::move(state)), m_policy(&policy), m_text(&text), m_clock(std::move(clock)), m_linkUp(linkUp)
{
    // A legacy window has no acceptance times: its retention runs from now.
    const qint64 now = m_clock();
    for (BannerState::Accepted &a : m_state.accepted) {
        a.acceptedMs = now;
        m_requests.remember(a);
        m_unrecorded.append(std::move(a));
    }
    m_state.accepted.clear();
}

void BannerQueue::rememberRequests(const QList<BannerState::Accepted> &requests)
{
    for (const BannerState::Accepted &a : requests) {
        if (!m_requests.find(a.author, a.requestId))
            m_requests.remember(a);
    }
}

QList<BannerState::Accepted> BannerQueue::takeUnrecordedRequests()
{
    return std::exchange(m_unrecorded, {});
}

BannerStatus BannerQueue::status() const
{
    return m_state.status(m_linkUp);
}

BannerSummary BannerQueue::summary() const
{
    return m_state.summary(m_linkUp);
}

// Runs once a command is done, so every event carries the summary after the whole command. It may
// run again on events of a nested command (deviceConnected confirming a display): the payload is
// rebuilt from the fields, never appended to.
BannerChange BannerQueue::finish(BannerChange change) const
{
    if (change.events.isEmpty())
        return change;
    QByteArray head; // {"banner":{...}
    JsonWriter json(head);
    json.beginObject().key("banner");
    summary().writeJson(json);
    for (BannerEvent &e : change.events) {
        e.payload.clear();
        e.payload.reserve(head.size() + e.fields.size() + 2);
        e.payload.append(head);
        if (!e.fields.isEmpty())
            e.payload.append(',').append(e.fields);
        e.payload.append('}');
    }
    return change;
}

void BannerQueue::addEvent(BannerChange &change, BannerEventType type, QByteArray fields)
{
    change.events.append({m_state.nextSeq++, type, std::move(fields), {}, m_clock()});
}

void BannerQueue::addMessageEvent(BannerChange &change, BannerEventType type, const BannerMessage &message,
                                  std::optional<int> position)
{
    QByteArray fields;
    fields.reserve(128 + message.text.size() + message.author.size() + message.requestId.size());
    JsonWriter json(fields);
    json.key("message");
    message.writeJson(json);
    if (position)
        json.field("position", *position);
    addEvent(change, type, std::move(fields));
    change.messages.append(message);
}

qint64 BannerQueue::estimatedStart(int queueIndex) const
{
    const qint64 now = m_clock();
    const qint64 duration = m_policy->displayDurationMs;
    qint64 base = now;
    if (m_state.current) {
        base = m_state.current->endsAtMs ? qMax(now, *m_state.current->endsAtMs) : now + duration;
    }
    return base + qint64(queueIndex) * duration;
}

int BannerQueue::indexOf(qint64 messageId) const
{
    for (int i = 0; i < m_state.queue.size(); ++i) {
        if (m_state.queue.at(i).id == messageId)
            return i;
    }
    return -1;
}

FleetError BannerQueue::notWaiting(qint64 messageId) const
{
    const qint64 first = m_state.bannerId * BannerState::kMessagesPerBanner + 1;
    const qint64 next = m_state.bannerId * BannerState::kMessagesPerBanner + m_state.nextMessage;
    if (messageId >= first && messageId < next)
        return FleetError(FleetError::Code::NotQueued,
                          QStringLiteral("Message %1 is no longer waiting in the queue.").arg(messageId));
    return FleetError(FleetError::Code::UnknownMessage,
                      QStringLiteral("Banner %1 has no message %2.").arg(m_state.bannerId).arg(messageId));
}

DeviceCommand BannerQueue::showCommand(const BannerMessage &message) const
{
    DeviceCommand c;
    c.kind = DeviceCommand::Kind::Show;
    c.bannerId = m_state.bannerId;
    c.messageId = message.id;
    c.text = message.text;
    c.durationMs = message.endsAtMs ? qMax<qint64>(0, *message.endsAtMs - m_clock()) : m_policy->displayDurationMs;
    return c;
}

void BannerQueue::dispatchNext(BannerChange &change)
{
    if (m_state.current || m_state.paused || !m_linkUp)
        return;
    for (int i = 0; i < m_state.queue.size(); ++i) {
        if (m_state.queue.at(i).status != BannerMessage::Status::Queued)
            continue;
        BannerMessage m = m_state.queue.takeAt(i);
        m.status = BannerMessage::Status::Sent;
        m_state.current = m;
        addMessageEvent(change, BannerEventType::MessageSent, m);
        change.deviceCommands.append(showCommand(m));
        return;
    }
}

void BannerQueue::endCurrent(BannerChange &change, BannerMessage::Status how)
{
    BannerMessage m = *m_state.current;
    m_state.current.reset();
    if (m.status == BannerMessage::Status::Displaying)
        change.reminders.append({ReminderOp::endOfDisplayName(m.id), 0, m.id, true});
    m.status = how;
    m.endsAtMs.reset();
    m.endedMs = m_clock();
    BannerEventType type = BannerEventType::MessageInterrupted;
    switch (how) {
    case BannerMessage::Status::Shown: type = BannerEventType::MessageShown; break;
    case BannerMessage::Status::Blanked: type = BannerEventType::MessageBlanked; break;
    default: break;
    }
    addMessageEvent(change, type, m);
}

BannerChange BannerQueue::execute(const BannerCommand &command, const QString &author)
{
    // Each command is one transition below; this is the only place that tells them apart.
    struct Transition
    {
        BannerQueue &q;
        const QString &author;
        BannerChange operator()(const command::Submit &c) const { return q.submit(c.text, author, c.requestId); }
        BannerChange operator()(const command::Cancel &c) const { return q.cancel(c.messageId, author); }
        BannerChange operator()(const command::Remove &c) const { return q.remove(c.messageId); }
        BannerChange operator()(const command::Move &c) const { return q.move(c.messageId, c.position); }
        BannerChange operator()(const command::Approve &c) const { return q.approve(c.messageId); }
        BannerChange operator()(const command::Reject &c) const { return q.reject(c.messageId, c.reason); }
        BannerChange operator()(const command::ShowNow &c) const { return q.showNow(c.messageId); }
        BannerChange operator()(const command::Blank &) const { return q.blank(); }
        BannerChange operator()(const command::Pause &) const { return q.pause(); }
        BannerChange operator()(const command::Resume &) const { return q.resume(); }
        BannerChange operator()(const command::Displayed &c) const { return q.displayed(c.messageId); }
        BannerChange operator()(const command::Blanked &) const { return q.deviceBlanked(); }
    };
    return std::visit(Transition{*this, author}, command);
}

BannerChange BannerQueue::submit(const QString &text, const QString &author, const QString &requestId)
{
    BannerChange change;
    if (author.isEmpty() || requestId.isEmpty() || author.size() > kMaxKeyLength || requestId.size() > kMaxKeyLength) {
        change.result = FleetResult::failure(FleetError::Code::InvalidArgument,
                                             QStringLiteral("An author and a request id (at most %1 characters each) are required.")
                                                 .arg(kMaxKeyLength));
        return change;
    }
    const MessageText::Check check = m_text->validate(text);
    const qint64 now = m_clock();
    m_requests.expire(now - m_policy->requestRetentionMs);
    if (const std::optional<RequestLedger::Answer> a = m_requests.find(author, requestId)) {
        if (check.error.isError() || !RequestLedger::sameText(*a, check.text)) {
            change.result = FleetResult::failure(FleetError::Code::RequestConflict,
                                                 QStringLiteral("Request id \"%1\" was already used for a different text.").arg(requestId));
            return change;
        }
        change.result.messageId = a->messageId;
        change.result.position = a->position;
        change.result.estimatedStartMs = a->estimatedStartMs;
        change.result.duplicate = true;
        return change;
    }
    if (check.error.isError()) {
        change.result.error = check.error;
        return change;
    }
    if (m_state.queue.size() >= m_policy->queueLimit) {
        change.result = FleetResult::failure(FleetError::Code::QueueFull,
                                             QStringLiteral("Banner %1 already has %2 messages waiting.")
                                                 .arg(m_state.bannerId)
                                                 .arg(m_policy->queueLimit));
        return change;
    }
    if (m_state.nextMessage >= BannerState::kMessagesPerBanner) {
        change.result = FleetResult::failure(FleetError::Code::QueueFull,
                                             QStringLiteral("Banner %1 has used up its message ids.").arg(m_state.bannerId));
        return change;
    }

    const bool held = m_policy->review == ReviewPolicy::All || (m_policy->review == ReviewPolicy::Flagged && check.flagged);
    BannerMessage m;
    m.id = m_state.bannerId * BannerState::kMessagesPerBanner + m_state.nextMessage++;
    m.text = check.text;
    m.author = author;
    m.requestId = requestId;
    m.status = held ? BannerMessage::Status::Held : BannerMessage::Status::Queued;
    m.submittedMs = m_clock();
    m_state.queue.append(m);
    const int index = int(m_state.queue.size()) - 1;
    addMessageEvent(change, held ? BannerEventType::MessageHeld : BannerEventType::MessageQueued, m, index + 1);
    dispatchNext(change);

    // Position 0: it went to the device at once.
    const bool sentNow = m_state.current && m_state.current->id == m.id;
    change.result.messageId = m.id;
    change.result.position = sentNow ? 0 : int(indexOf(m.id)) + 1;
    change.result.estimatedStartMs = sentNow ? m_clock() : estimatedStart(indexOf(m.id));
    const BannerState::Accepted accepted{author, requestId, m.text, m.id, change.result.position,
                                         change.result.estimatedStartMs, now};
    m_requests.remember(accepted);
    change.requests.append(accepted);
    return finish(std::move(change));
}

BannerChange BannerQueue::dropWaiting(qint64 messageId, BannerMessage::Status how, BannerEventType eventType,
                                      const QString &reason)
{
    BannerChange change;
    const int i = indexOf(messageId);
    BannerMessage m = m_state.queue.takeAt(i);
    m.status = how;
    m.endedMs = m_clock();
    m.reason = reason;
    addMessageEvent(change, eventType, m, i + 1);
    // A held message may have been what kept the head from going out.
    dispatchNext(change);
    return finish(std::move(change));
}

BannerChange BannerQueue::cancel(qint64 messageId, const QString &author)
{
    const int i = indexOf(messageId);
    if (i < 0)
        return {FleetResult{notWaiting(messageId)}, {}, {}, {}, {}, {}};
    if (m_state.queue.at(i).author != author)
        return {FleetResult::failure(FleetError::Code::NotAuthor,
                                     QStringLiteral("Only the author may cancel message %1.").arg(messageId)),
                {}, {}, {}, {}, {}};
    return dropWaiting(messageId, BannerMessage::Status::Cancelled, BannerEventType::MessageCancelled);
}

BannerChange BannerQueue::remove(qint64 messageId)
{
    if (indexOf(messageId) < 0)
        return {FleetResult{notWaiting(messageId)}, {}, {}, {}, {}, {}};
    return dropWaiting(messageId, BannerMessage::Status::Removed, BannerEventType::MessageRemoved);
}

BannerChange BannerQueue::reject(qint64 messageId, const QString &reason)
{
    const int i = indexOf(messageId);
    if (i < 0)
        return {FleetResult{notWaiting(messageId)}, {}, {}, {}, {}, {}};
    if (m_state.queue.at(i).status != BannerMessage::Status::Held)
        return {FleetResult::failure(FleetError::Code::NotHeld,
                                     QStringLiteral("Message %1 is not held for review.").arg(messageId)),
                {}, {}, {}, {}, {}};
    const MessageText::Check note = MessageText::validateNote(reason, "reason", command::Reject::maxReasonLength);
    if (note.error.isError())
        return {FleetResult{note.error}, {}, {}, {}, {}, {}};
    return dropWaiting(messageId, BannerMessage::Status::Rejected, BannerEventType::MessageRejected, note.text);
}

BannerChange BannerQueue::showNow(qint64 messageId)
{
    BannerChange change;
    const int i = indexOf(messageId);
    if (i < 0) {
        change.result.error = notWaiting(messageId);
        return change;
    }
    change.result.messageId = messageId;
    // Putting a message on air is a review decision: a held safety message cannot wait for a
    // second click.
    if (m_state.queue.at(i).status == BannerMessage::Status::Held) {
        m_state.queue[i].status = BannerMessage::Status::Queued;
        addMessageEvent(change, BannerEventType::MessageApproved, m_state.queue.at(i), i + 1);
    }
    if (m_state.paused || !m_linkUp) {
        // Nothing can go on air now; it goes first as soon as something can.
        change.result.position = 1;
        if (i > 0) {
            m_state.queue.move(i, 0);
            QByteArray fields;
            JsonWriter(fields).field("messageId", messageId).field("from", i + 1).field("to", 1);
            addEvent(change, BannerEventType::MessageMoved, std::move(fields));
        }
        return finish(std::move(change));
    }
    BannerMessage urgent = m_state.queue.takeAt(i);
    if (m_state.current) {
        // Messages never overwrite each other: the one on air is set aside, not ended, and starts
        // again from the beginning after the urgent one.
        BannerMessage previous = *m_state.current;
        m_state.current.reset();
        if (previous.status == BannerMessage::Status::Displaying)
            change.reminders.append({ReminderOp::endOfDisplayName(previous.id), 0, previous.id, true});
        previous.status = BannerMessage::Status::Queued;
        previous.startedMs.reset();
        previous.endsAtMs.reset();
        m_state.queue.prepend(previous);
        addMessageEvent(change, BannerEventType::MessagePreempted, previous, 1);
    }
    urgent.status = BannerMessage::Status::Sent;
    m_state.current = urgent;
    addMessageEvent(change, BannerEventType::MessageSent, urgent);
    // The device replaces what it shows with this; the set-aside message's late confirmation, if
    // any, no longer matches the current one and is refused.
    change.deviceCommands.append(showCommand(urgent));
    change.result.position = 0;
    change.result.estimatedStartMs = m_clock();
    return finish(std::move(change));
}

BannerChange BannerQueue::approve(qint64 messageId)
{
    BannerChange change;
    const int i = indexOf(messageId);
    if (i < 0) {
        change.result.error = notWaiting(messageId);
        return change;
    }
    if (m_state.queue.at(i).status != BannerMessage::Status::Held) {
        change.result = FleetResult::failure(FleetError::Code::NotHeld,
                                             QStringLiteral("Message %1 is not held for review.").arg(messageId));
        return change;
    }
    m_state.queue[i].status = BannerMessage::Status::Queued;
    addMessageEvent(change, BannerEventType::MessageApproved, m_state.queue.at(i), i + 1);
    change.result.messageId = messageId;
    dispatchNext(change);
    return finish(std::move(change));
}

BannerChange BannerQueue::move(qint64 messageId, int position)
{
    BannerChange change;
    const int from = indexOf(messageId);
    if (from < 0) {
        change.result.error = notWaiting(messageId);
        return change;
    }
    if (position < 1 || position > m_state.queue.size()) {
        change.result = FleetResult::failure(FleetError::Code::InvalidPosition,
                                             QStringLiteral("Position %1 is outside the queue (1 to %2).")
                                                 .arg(position)
                                                 .arg(m_state.queue.size()));
        return change;
    }
    change.result.messageId = messageId;
    change.result.position = position;
    if (from == position - 1)
        return change;
    m_state.queue.move(from, position - 1);
    QByteArray fields;
    JsonWriter(fields).field("messageId", messageId).field("from", from + 1).field("to", position);
    addEvent(change, BannerEventType::MessageMoved, std::move(fields));
    return finish(std::move(change));
}

BannerChange BannerQueue::blank()
{
    BannerChange change;
    if (m_state.current)
        endCurrent(change, BannerMessage::Status::Blanked);
    m_state.paused = true;
    addEvent(change, BannerEventType::BannerBlanked);
    change.deviceCommands.append({DeviceCommand::Kind::Blank, m_state.bannerId, 0, {}, 0});
    return finish(std::move(change));
}

BannerChange BannerQueue::pause()
{
    BannerChange change;
    if (m_state.paused)
        return change;
    m_state.paused = true;
    addEvent(change, BannerEventType::BannerPaused);
    return finish(std::move(change));
}

BannerChange BannerQueue::resume()
{
    BannerChange change;
    if (!m_state.paused)
        return change;
    m_state.paused = false;
    addEvent(change, BannerEventType::BannerResumed);
    dispatchNext(change);
    return finish(std::move(change));
}

BannerChange BannerQueue::deviceConnected(std::optional<qint64> showing)
{
    BannerChange change;
    // Recorded on every connection, even if the banner believed it connected: each is a real
    // (re)connection of the device, and the log shows the link's history.
    m_linkUp = true;
    addEvent(change, BannerEventType::DeviceConnected);
    if (m_state.current) {
        const BannerMessage &m = *m_state.current;
        if (m.status == BannerMessage::Status::Sent && showing == m.id) {
            BannerChange confirmed = displayed(m.id);
            change.events += confirmed.events;
            change.reminders += confirmed.reminders;
            change.messages += confirmed.messages;
        } else if (showing != m.id) {
            // The device lost what it was told while it was away (or never got it): tell it again.
            change.deviceCommands.append(showCommand(m));
        }
    } else if (showing) {
        // It still shows something this banner no longer displays.
        change.deviceCommands.append({DeviceCommand::Kind::Blank, m_state.bannerId, 0, {}, 0});
    }
    dispatchNext(change);
    return finish(std::move(change));
}

BannerChange BannerQueue::deviceDisconnected()
{
    BannerChange change;
    if (!m_linkUp)
        return change;
    // What was sent stays current: the device gets it again when it reconnects. A confirmed
    // display keeps its end reminder: the device still shows it while out of contact.
    m_linkUp = false;
    addEvent(change, BannerEventType::DeviceDisconnected);
    return finish(std::move(change));
}

BannerChange BannerQueue::displayed(qint64 messageId)
{
    BannerChange change;
    change.result.messageId = messageId;
    if (!m_state.current || m_state.current->id != messageId) {
        // A late confirmation of a message that has since ended: the device has been told since.
        change.result.error = FleetError(FleetError::Code::NotQueued,
                                         QStringLiteral("Message %1 is not the one sent to the device.").arg(messageId));
        return change;
    }
    BannerMessage &m = *m_state.current;
    if (m.status == BannerMessage::Status::Displaying)
        return change; // a repeated confirmation
    const qint64 now = m_clock();
    m.status = BannerMessage::Status::Displaying;
    m.startedMs = now;
    m.endsAtMs = now + m_policy->displayDurationMs;
    change.reminders.append({ReminderOp::endOfDisplayName(m.id), *m.endsAtMs, m.id, false});
    addMessageEvent(change, BannerEventType::MessageDisplaying, m);
    return finish(std::move(change));
}

BannerChange BannerQueue::deviceBlanked()
{
    BannerChange change;
    if (!m_state.current || m_state.current->status != BannerMessage::Status::Displaying)
        return change; // the echo of our own blank, or of a message already ended
    endCurrent(change, BannerMessage::Status::Interrupted);
    dispatchNext(change);
    return finish(std::move(change));
}

BannerChange BannerQueue::reminderDue(const QString &name)
{
    BannerChange change;
    const qint64 messageId = ReminderOp::messageOf(name);
    change.result.messageId = messageId;
    if (m_state.current && m_state.current->id == messageId
        && m_state.current->status == BannerMessage::Status::Displaying) {
        endCurrent(change, BannerMessage::Status::Shown);
        dispatchNext(change);
        if (!m_state.current)
            change.deviceCommands.append({DeviceCommand::Kind::Blank, m_state.bannerId, 0, {}, 0});
        return finish(std::move(change));
    }
    // Stale or duplicate: it ends nothing, and is cleared so it does not fire again.
    change.reminders.append({name, 0, messageId, true});
    return change;
}

} // namespace airdisplay
