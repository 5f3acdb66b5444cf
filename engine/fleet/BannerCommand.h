#pragma once

#include <QString>

#include <optional>
#include <string_view>
#include <variant>

namespace airdisplay {

// Who may send a command: the gateway's AccessPolicy maps roles onto these, once for all commands.
enum class CommandIssuer : quint8 {
    Customer,   // operators, dispatchers and admins submit and cancel
    Dispatcher, // the desk's queue and banner actions
    Device,     // the banner's own device reporting what it shows
};

// What a command's wire form names to find its banner.
enum class CommandTarget : quint8 {
    Banner,  // "bannerId" (REST: /banners/{id}/{name})
    Message, // "messageId", which names its banner (REST: /banners/{id}/messages/{mid}/{name})
    Device,  // nothing: the banner the device's token is bound to
};

// The commands a banner obeys, as values. One command is decoded once (ProtocolDecoder, from a
// WebSocket frame or a REST call, or built by the console), authorised by its issuer, and carried
// unchanged through FleetEngine::execute and the banner's actor to BannerQueue::execute, the state
// machine. A cluster forwards these same values between nodes.
//
// Adding a command: a struct here (its wire name, issuer, target, REST form and fields), its entry
// in BannerCommand below, its transition in BannerQueue, and its fields in ProtocolDecoder if it has
// any besides its target. Nothing else forwards it.
namespace command {

struct Submit
{
    static constexpr std::string_view name = "submit";
    static constexpr CommandIssuer issuer = CommandIssuer::Customer;
    static constexpr CommandTarget target = CommandTarget::Banner;
    static constexpr bool restAction = false; // POST /banners/{id}/messages
    QString text;
    QString requestId;
};

struct Cancel
{
    static constexpr std::string_view name = "cancel";
    static constexpr CommandIssuer issuer = CommandIssuer::Customer;
    static constexpr CommandTarget target = CommandTarget::Message;
    static constexpr bool restAction = false; // DELETE /banners/{id}/messages/{mid}
    qint64 messageId = 0;
};

struct Remove
{
    static constexpr std::string_view name = "remove";
    static constexpr CommandIssuer issuer = CommandIssuer::Dispatcher;
    static constexpr CommandTarget target = CommandTarget::Message;
    static constexpr bool restAction = true;
    qint64 messageId = 0;
};

struct Move
{
    static constexpr std::string_view name = "move";
    static constexpr CommandIssuer issuer = CommandIssuer::Dispatcher;
    static constexpr CommandTarget target = CommandTarget::Message;
    static constexpr bool restAction = true;
    qint64 messageId = 0;
    int position = 0; // 1-based within the queue
};

struct Approve
{
    static constexpr std::string_view name = "approve";
    static constexpr CommandIssuer issuer = CommandIssuer::Dispatcher;
    static constexpr CommandTarget target = CommandTarget::Message;
    static constexpr bool restAction = true;
    qint64 messageId = 0;
};

struct Reject
{
    static constexpr std::string_view name = "reject";
    static constexpr CommandIssuer issuer = CommandIssuer::Dispatcher;
    static constexpr CommandTarget target = CommandTarget::Message;
    static constexpr bool restAction = true;
    // The customer sees the reason with their rejected message, so it is bounded like a text.
    static constexpr int maxReasonLength = 200;
    qint64 messageId = 0;
    QString reason; // optional; trimmed, no control characters
};

// A safety message goes on air at once. What was on air is not lost: it goes back to the head of
// the queue and is shown again, in full, afterwards. A message held for review is approved by it.
struct ShowNow
{
    static constexpr std::string_view name = "show_now";
    static constexpr CommandIssuer issuer = CommandIssuer::Dispatcher;
    static constexpr CommandTarget target = CommandTarget::Message;
    static constexpr bool restAction = true;
    qint64 messageId = 0;
};

// Ends what is showing and pauses the banner.
struct Blank
{
    static constexpr std::string_view name = "blank";
    static constexpr CommandIssuer issuer = CommandIssuer::Dispatcher;
    static constexpr CommandTarget target = CommandTarget::Banner;
    static constexpr bool restAction = true;
};

struct Pause
{
    static constexpr std::string_view name = "pause";
    static constexpr CommandIssuer issuer = CommandIssuer::Dispatcher;
    static constexpr CommandTarget target = CommandTarget::Banner;
    static constexpr bool restAction = true;
};

struct Resume
{
    static constexpr std::string_view name = "resume";
    static constexpr CommandIssuer issuer = CommandIssuer::Dispatcher;
    static constexpr CommandTarget target = CommandTarget::Banner;
    static constexpr bool restAction = true;
};

// The device confirms it shows the message: its display time starts now.
struct Displayed
{
    static constexpr std::string_view name = "displayed";
    static constexpr CommandIssuer issuer = CommandIssuer::Device;
    static constexpr CommandTarget target = CommandTarget::Message;
    static constexpr bool restAction = false;
    qint64 messageId = 0;
};

// The device reports it shows nothing, unasked.
struct Blanked
{
    static constexpr std::string_view name = "blanked";
    static constexpr CommandIssuer issuer = CommandIssuer::Device;
    static constexpr CommandTarget target = CommandTarget::Device;
    static constexpr bool restAction = false;
};

} // namespace command

using BannerCommand = std::variant<command::Submit, command::Cancel, command::Remove, command::Move, command::Approve,
                                   command::Reject, command::ShowNow, command::Blank, command::Pause, command::Resume,
                                   command::Displayed, command::Blanked>;

// The wire name ("approve"), as the protocol spells it.
QString commandName(const BannerCommand &command);
CommandIssuer commandIssuer(const BannerCommand &command);
CommandTarget commandTarget(const BannerCommand &command);
bool isRestAction(const BannerCommand &command);
// The message a Message-target command is about; 0 for the others.
qint64 commandMessageId(const BannerCommand &command);
// A default-constructed command of that name, for a decoder to fill in.
std::optional<BannerCommand> commandFromName(QStringView name);

} // namespace airdisplay
