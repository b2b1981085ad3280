// libFuzzer target for the Prometheus text reader, the label selector and the scrape store.
// Checks that errors point inside the input, that what parses renders back to text that parses to
// the same families, and that the store's queries cope with whatever parsed.
#include "telemetry/metrics.h"
#include "telemetry/prometheus_selector.h"
#include "telemetry/prometheus_text.h"
#include "telemetry/scrape_store.h"

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>

using namespace bb::telemetry;

namespace {

void check(bool condition)
{
    if (!condition)
        std::abort();
}

void appendHelp(std::string &out, const std::string &help)
{
    for (char c : help) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
}

std::string render(const prom::Exposition &e)
{
    std::string out;
    for (const prom::MetricFamily &f : e.families) {
        if (!f.help.empty()) {
            out += "# HELP " + f.name + ' ';
            appendHelp(out, f.help);
            out += '\n';
        }
        if (f.type != prom::MetricType::Untyped)
            out += "# TYPE " + f.name + ' ' + prom::typeName(f.type) + '\n';
        for (const prom::Sample &s : f.samples) {
            out += s.name;
            std::vector<std::string> names, values;
            for (const prom::Label &l : s.labels) {
                names.push_back(l.name);
                values.push_back(l.value);
            }
            appendPromLabels(out, names, values);
            out += ' ';
            appendPromNumber(out, s.value);
            if (s.timestampMs)
                out += ' ' + std::to_string(*s.timestampMs);
            out += '\n';
        }
    }
    return out;
}

bool sameValue(double a, double b)
{
    return (std::isnan(a) && std::isnan(b)) || a == b;
}

void checkRoundTrip(const prom::Exposition &first)
{
    const auto again = prom::parseText(render(first));
    check(std::holds_alternative<prom::Exposition>(again));
    const prom::Exposition &second = std::get<prom::Exposition>(again);
    // A family with neither HELP, TYPE nor samples leaves nothing to render.
    std::size_t j = 0;
    for (const prom::MetricFamily &f : first.families) {
        if (f.help.empty() && f.type == prom::MetricType::Untyped && f.samples.empty())
            continue;
        check(j < second.families.size());
        const prom::MetricFamily &g = second.families[j++];
        check(f.name == g.name && f.help == g.help && f.type == g.type);
        check(f.samples.size() == g.samples.size());
        for (std::size_t i = 0; i < f.samples.size(); ++i) {
            check(f.samples[i].name == g.samples[i].name);
            check(f.samples[i].labels == g.samples[i].labels);
            check(sameValue(f.samples[i].value, g.samples[i].value));
            check(f.samples[i].timestampMs == g.samples[i].timestampMs);
        }
    }
    check(j == second.families.size());
}

void checkLines(std::string_view text, const prom::ParseError &e)
{
    check(e.line >= 1 && e.column >= 1 && !e.message.empty());
    // The line exists and the column is at most one past its end.
    std::size_t start = 0;
    for (int l = 1; l < e.line; ++l) {
        const std::size_t nl = text.find('\n', start);
        check(nl != std::string_view::npos);
        start = nl + 1;
    }
    const std::size_t nl = text.find('\n', start);
    const std::size_t length = (nl == std::string_view::npos ? text.size() : nl) - start;
    check(std::size_t(e.column) <= length + 1);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char *>(data), size);
    const auto parsed = prom::parseText(text);
    if (const auto *error = std::get_if<prom::ParseError>(&parsed)) {
        checkLines(text, *error);
    } else {
        const prom::Exposition &e = std::get<prom::Exposition>(parsed);
        checkRoundTrip(e);
        ScrapeStore store(60'000, 16);
        store.ingest(0, e);
        store.ingest(1'000, e);
        for (const FamilyInfo &f : store.families()) {
            scrape_query::sumRate(store, f.name);
            for (const double q : {0.0, 0.5, 0.99, 1.0})
                scrape_query::quantile(store, f.name, q);
        }
    }
    // The same bytes as a label selector (short ones: selectors are typed by hand).
    if (size <= 512) {
        const auto selector = prom::Selector::parse(text);
        if (const auto *error = std::get_if<prom::SelectorError>(&selector))
            check(error->position >= 0 && std::size_t(error->position) <= size);
        else
            std::get<prom::Selector>(selector).matches({{"a", "b"}, {"status", "500"}});
    }
    return 0;
}
