#include "TokenCommand.h"

#include "Store.h"
#include "StoreUrl.h"
#include "Role.h"
#include "TokenStore.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QTextStream>

namespace airdisplay {

namespace {
const char *kUsage = "usage: airdisplayd token [--db PATH|URL] create --role viewer|operator|dispatcher|device|admin [--banner ID] [--label TEXT]\n"
                     "       airdisplayd token list\n"
                     "       airdisplayd token revoke ID\n";
}

int TokenCommand::run(const QStringList &arguments, const QString &storeLocation, QTextStream &out, QTextStream &err)
{
    QCommandLineParser parser;
    const QCommandLineOption role(QStringLiteral("role"), QStringLiteral("Role of the new token."), QStringLiteral("ROLE"));
    const QCommandLineOption banner(QStringLiteral("banner"), QStringLiteral("The banner a device token speaks for."),
                                    QStringLiteral("ID"));
    const QCommandLineOption label(QStringLiteral("label"), QStringLiteral("A note on whom the token is for."),
                                   QStringLiteral("TEXT"));
    const QCommandLineOption db(QStringLiteral("db"), QStringLiteral("SQLite file or postgresql:// URL."), QStringLiteral("PATH|URL"));
    parser.addOptions({role, banner, label, db});
    // The first argument stands for the program, as QCommandLineParser expects.
    if (!parser.parse(QStringList{QStringLiteral("token")} + arguments)) {
        err << parser.errorText() << '\n' << kUsage;
        return 2;
    }
    const QStringList positional = parser.positionalArguments();
    const QString verb = positional.value(0);
    if (verb.isEmpty() || (verb != QLatin1String("create") && verb != QLatin1String("list") && verb != QLatin1String("revoke"))) {
        err << kUsage;
        return 2;
    }

    const StoreResult<StoreUrl> url = StoreUrl::parse(parser.isSet(db) ? parser.value(db) : storeLocation);
    if (!url) {
        err << "database: " << url.error().message() << '\n';
        return 1;
    }
    TokenStore tokens;
    if (const StoreStatus opened = tokens.open(url.value()); opened.isError()) {
        err << "cannot open " << url.value().toDisplayString() << ": " << opened.message() << '\n';
        return 1;
    }

    if (verb == QLatin1String("create")) {
        const std::optional<Role> r = roleFromName(parser.value(role));
        if (!r) {
            err << "--role must be one of viewer, operator, dispatcher, device, admin\n" << kUsage;
            return 2;
        }
        bool ok = true;
        const qint64 bannerId = parser.isSet(banner) ? parser.value(banner).toLongLong(&ok) : 0;
        if (!ok || bannerId < 0) {
            err << "--banner must be a banner id\n";
            return 2;
        }
        // As over REST: a device token speaks for a registered banner, not for an id that may be
        // registered later to someone else.
        if (*r == Role::Device && bannerId > 0) {
            StoreReader store;
            if (const StoreStatus opened = store.open(url.value()); opened.isError()) {
                err << "cannot open " << url.value().toDisplayString() << ": " << opened.message() << '\n';
                return 1;
            }
            const StoreResult<std::optional<BannerRecord>> registered = store.loadBanner(bannerId);
            if (!registered) {
                err << registered.error().message() << '\n';
                return 1;
            }
            if (!registered.value()) {
                err << "banner " << bannerId << " is not registered; register it first (POST /api/v1/banners)\n";
                return 1;
            }
        }
        if (const QString problem = bindingProblem(*r, bannerId); !problem.isEmpty()) {
            err << problem << '\n';
            return 1;
        }
        const StoreResult<TokenStore::Created> created = tokens.create(roleName(*r), bannerId, parser.value(label));
        if (!created) {
            err << created.error().message() << '\n';
            return 1;
        }
        err << "token " << created->id << " (" << roleName(*r) << "); it is shown only once:\n";
        out << created->token << '\n';
        return 0;
    }
    if (verb == QLatin1String("list")) {
        const StoreResult<QList<TokenStore::Entry>> entries = tokens.list();
        if (!entries) {
            err << entries.error().message() << '\n';
            return 1;
        }
        out << "id\trole\tbanner\tcreated\trevoked\tlabel\n";
        for (const TokenStore::Entry &e : entries.value()) {
            out << e.id << '\t' << e.role << '\t' << (e.bannerId > 0 ? QString::number(e.bannerId) : QStringLiteral("-"))
                << '\t' << QDateTime::fromMSecsSinceEpoch(e.createdMs).toString(Qt::ISODate) << '\t'
                << (e.revokedMs ? QDateTime::fromMSecsSinceEpoch(*e.revokedMs).toString(Qt::ISODate) : QStringLiteral("-"))
                << '\t' << e.label << '\n';
        }
        return 0;
    }
    bool ok = false;
    const qint64 id = positional.value(1).toLongLong(&ok);
    if (!ok) {
        err << kUsage;
        return 2;
    }
    const StoreResult<bool> revoked = tokens.revoke(id);
    if (!revoked) {
        err << revoked.error().message() << '\n';
        return 1;
    }
    if (!revoked.value()) {
        err << "no active token " << id << '\n';
        return 1;
    }
    out << "revoked token " << id << '\n';
    return 0;
}

} // namespace airdisplay
