// Identity costs that bound the engine's authenticated paths: HS256 JWT verifications per
// second on one thread, and the median of an Argon2id password verify (a login's floor).
// Prints one `BBID key=value ...` line for tests/bench/run.sh and a readable summary.
#include "identity/jwt.h"
#include "identity/password_hasher.h"

#include <QCoreApplication>
#include <QDateTime>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

using namespace bb::identity;
using Clock = std::chrono::steady_clock;

namespace {

double jwtVerificationsPerSecond(double seconds)
{
    const QByteArray key(32, 'k');
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    Claims c;
    c.sub = QStringLiteral("42");
    c.roles = {QStringLiteral("editor")};
    c.tv = 3;
    c.iat = now;
    c.exp = now + 900;
    c.jti = QStringLiteral("bench-token-id");
    const QByteArray token = sign(c, key);
    long long n = 0;
    const auto start = Clock::now();
    const auto until = start + std::chrono::duration<double>(seconds);
    while (Clock::now() < until) {
        for (int i = 0; i < 256; ++i) {
            if (!verify(token, key, now).ok()) {
                std::fprintf(stderr, "bench_identity: a valid token failed to verify\n");
                std::exit(1);
            }
        }
        n += 256;
    }
    const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    return double(n) / elapsed;
}

double medianVerifyMs(int runs)
{
    const PasswordHasher hasher;
    const auto stored = hasher.hash(QStringLiteral("correct horse battery staple"));
    if (!stored.ok()) {
        std::fprintf(stderr, "bench_identity: hashing failed: %s\n",
                     qPrintable(stored.error().message));
        std::exit(1);
    }
    std::vector<double> ms;
    for (int i = 0; i < runs; ++i) {
        const auto t0 = Clock::now();
        const bool ok = hasher.verify(QStringLiteral("correct horse battery staple"), *stored);
        ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
        if (!ok) {
            std::fprintf(stderr, "bench_identity: the right password did not verify\n");
            std::exit(1);
        }
    }
    std::sort(ms.begin(), ms.end());
    return ms[ms.size() / 2];
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const double jwtPerSecond = jwtVerificationsPerSecond(3.0);
    const double argonMs = medianVerifyMs(15);
    std::printf("JWT HS256 verifications per second (1 thread): %.0f\n", jwtPerSecond);
    std::printf("Argon2id verify (m=19 MiB, t=2, p=1), median of 15: %.1f ms\n", argonMs);
    std::printf("BBID jwt_verify_per_s=%.0f argon2id_verify_ms=%.2f\n", jwtPerSecond, argonMs);
    return 0;
}
