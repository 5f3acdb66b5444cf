#include "BannerCommand.h"

#include <utility>

namespace airdisplay {

QString commandName(const BannerCommand &command)
{
    return std::visit([](const auto &c) { return QString::fromLatin1(c.name.data(), qsizetype(c.name.size())); },
                      command);
}

CommandIssuer commandIssuer(const BannerCommand &command)
{
    return std::visit([](const auto &c) { return c.issuer; }, command);
}

CommandTarget commandTarget(const BannerCommand &command)
{
    return std::visit([](const auto &c) { return c.target; }, command);
}

bool isRestAction(const BannerCommand &command)
{
    return std::visit([](const auto &c) { return c.restAction; }, command);
}

qint64 commandMessageId(const BannerCommand &command)
{
    return std::visit(
        [](const auto &c) -> qint64 {
            if constexpr (requires { c.messageId; })
                return c.messageId;
            else
                return 0;
        },
        command);
}

std::optional<BannerCommand> commandFromName(QStringView name)
{
    std::optional<BannerCommand> found;
    // Tries each alternative of the variant in turn: the names live in the structs alone.
    [&]<std::size_t... I>(std::index_sequence<I...>) {
        ((!found && name == QLatin1String(std::variant_alternative_t<I, BannerCommand>::name.data(),
                                              qsizetype(std::variant_alternative_t<I, BannerCommand>::name.size()))
              ? void(found.emplace(std::in_place_index<I>))
              : void()),
         ...);
    }(std::make_index_sequence<std::variant_size_v<BannerCommand>>());
    return found;
}

} // namespace airdisplay
