#include "loadtest/report_svg.h"

#include "loadtest/report_format.h"

#include <algorithm>
#include <cmath>

namespace bb::loadtest::report {

namespace {

constexpr int kLeft = 64, kRight = 16, kTop = 30, kBottom = 28;

std::string num(double v)
{
    return fixed(v, 1);
}

std::string axisLabel(double v, const std::string &unit)
{
    const double a = std::fabs(v);
    std::string text = a >= 100 || a == std::floor(a) ? fixed(v, 0) : fixed(v, a >= 10 ? 1 : 2);
    return text + unit;
}

std::string frame(const std::string &title, int width, int height)
{
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 " +
           std::to_string(width) + " " + std::to_string(height) + "\" width=\"" +
           std::to_string(width) + "\" height=\"" + std::to_string(height) +
           "\" role=\"img\" aria-label=\"" + htmlEscape(title) + "\">" +
           "<text class=\"title\" x=\"" + std::to_string(kLeft) + "\" y=\"18\">" +
           htmlEscape(title) + "</text>";
}

/// Gridline steps for an axis whose top came from niceCeiling: 4 for a top of 2·10^n (steps of
/// 0.5·10^n), else 5, so every label is a round number (0, 500, … 2500 rather than 625, 1250).
int divisionsFor(double top)
{
    const double mantissa = top / std::pow(10.0, std::floor(std::log10(top)));
    return std::fabs(mantissa - 2.0) < 1e-9 ? 4 : 5;
}

} // namespace

std::vector<std::pair<double, double>>
thinForWidth(const std::vector<std::pair<double, double>> &points, double xMax, int width)
{
    if (width <= 0 || points.size() <= std::size_t(width) * 2)
        return points;
    // More points than pixels only makes the file bigger: per pixel column keep the lowest and
    // the highest value, in time order, so a one-sample spike is still drawn at full height.
    std::vector<std::pair<double, double>> out;
    out.reserve(std::size_t(width) * 2);
    std::size_t i = 0;
    while (i < points.size()) {
        const int column = int(points[i].first / xMax * width);
        std::size_t lo = i, hi = i, j = i;
        for (; j < points.size() && int(points[j].first / xMax * width) == column; ++j) {
            if (points[j].second < points[lo].second)
                lo = j;
            if (points[j].second > points[hi].second)
                hi = j;
        }
        out.push_back(points[std::min(lo, hi)]);
        if (lo != hi)
            out.push_back(points[std::max(lo, hi)]);
        i = j;
    }
    return out;
}

double niceCeiling(double value)
{
    if (!std::isfinite(value) || value <= 0)
        return 1;
    const double magnitude = std::pow(10.0, std::floor(std::log10(value)));
    for (double step : {1.0, 2.0, 2.5, 5.0, 10.0}) {
        if (step * magnitude >= value * (1 - 1e-12))
            return step * magnitude;
    }
    return 10 * magnitude;
}

std::vector<HistogramBin> logBins(const Histogram &h, int bins)
{
    std::vector<HistogramBin> out;
    if (h.count() == 0 || bins <= 0)
        return out;
    const double lo = std::max(1.0, double(h.min()));
    const double hi = std::max(lo * 1.001, double(h.max()) + 1);
    const double logLo = std::log(lo), logHi = std::log(hi);
    out.resize(std::size_t(bins));
    for (int i = 0; i < bins; ++i) {
        out[std::size_t(i)].lowMs = std::exp(logLo + (logHi - logLo) * i / bins) / 1000.0;
        out[std::size_t(i)].highMs = std::exp(logLo + (logHi - logLo) * (i + 1) / bins) / 1000.0;
    }
    h.forEachBucket([&](std::int64_t low, std::int64_t high, std::uint64_t count) {
        const double mid = std::max(1.0, (double(low) + double(high)) / 2.0);
        const int i = int((std::log(mid) - logLo) / (logHi - logLo) * bins);
        out[std::size_t(std::clamp(i, 0, bins - 1))].count += double(count);
    });
    return out;
}

std::string svgLineChart(const std::string &title, const std::vector<SvgSeries> &series,
                         const std::string &yUnit, int width, int height)
{
    std::string out = frame(title, width, height);
    double xMax = 0, yMax = 0;
    bool any = false;
    for (const SvgSeries &s : series) {
        for (const auto &[x, y] : s.points) {
            xMax = std::max(xMax, x);
            yMax = std::max(yMax, y);
            any = true;
        }
    }
    const int plotW = width - kLeft - kRight;
    const int plotH = height - kTop - kBottom;
    if (!any) {
        out += "<text class=\"axis\" x=\"" + std::to_string(width / 2) + "\" y=\"" +
               std::to_string(height / 2) + "\" text-anchor=\"middle\">no data</text></svg>";
        return out;
    }
    xMax = std::max(xMax, 1.0);
    yMax = niceCeiling(yMax);
    auto px = [&](double x) { return kLeft + x / xMax * plotW; };
    auto py = [&](double y) { return kTop + plotH - std::clamp(y / yMax, 0.0, 1.0) * plotH; };

    const int divisions = divisionsFor(yMax);
    for (int i = 0; i <= divisions; ++i) {
        const double v = yMax * i / divisions;
        const std::string y = num(py(v));
        out += "<line class=\"grid\" x1=\"" + std::to_string(kLeft) + "\" x2=\"" +
               std::to_string(kLeft + plotW) + "\" y1=\"" + y + "\" y2=\"" + y + "\"/>";
        out += "<text class=\"axis\" x=\"" + std::to_string(kLeft - 6) + "\" y=\"" + y +
               "\" dy=\"4\" text-anchor=\"end\">" + htmlEscape(axisLabel(v, yUnit)) + "</text>";
    }
    const double xStep = niceCeiling(xMax / 6);
    for (double x = 0; x <= xMax + 1e-9; x += xStep) {
        out += "<text class=\"axis\" x=\"" + num(px(x)) + "\" y=\"" + std::to_string(height - 8) +
               "\" text-anchor=\"middle\">" + axisLabel(x, "s") + "</text>";
    }
    int legendX = kLeft + plotW;
    for (auto it = series.rbegin(); it != series.rend(); ++it) {
        const SvgSeries &s = *it;
        std::string d;
        for (const auto &[x, y] : thinForWidth(s.points, xMax, plotW))
            d += (d.empty() ? "M" : " L") + num(px(x)) + " " + num(py(y));
        out += "<path fill=\"none\" stroke=\"" + htmlEscape(s.color) + "\" stroke-width=\"1.8\"" +
               (s.dashed ? std::string(" stroke-dasharray=\"5 4\"") : std::string()) + " d=\"" + d +
               "\"/>";
        // The legend runs right to left along the top edge.
        legendX -= int(s.name.size()) * 7 + 28;
        out += "<line x1=\"" + std::to_string(legendX) + "\" x2=\"" + std::to_string(legendX + 16) +
               "\" y1=\"14\" y2=\"14\" stroke=\"" + htmlEscape(s.color) + "\" stroke-width=\"2\"" +
               (s.dashed ? std::string(" stroke-dasharray=\"4 3\"") : std::string()) + "/>" +
               "<text class=\"legend\" x=\"" + std::to_string(legendX + 20) + "\" y=\"18\">" +
               htmlEscape(s.name) + "</text>";
    }
    out += "</svg>";
    return out;
}

std::string svgHistogram(const std::string &title, const Histogram &h, int width, int height)
{
    std::string out = frame(title, width, height);
    if (h.count() == 0) {
        out += "<text class=\"axis\" x=\"" + std::to_string(width / 2) + "\" y=\"" +
               std::to_string(height / 2) + "\" text-anchor=\"middle\">no data</text></svg>";
        return out;
    }
    const std::vector<HistogramBin> binList = logBins(h, 48);
    const int bins = int(binList.size());
    std::vector<double> counts;
    for (const HistogramBin &b : binList)
        counts.push_back(b.count);
    const double top = niceCeiling(*std::max_element(counts.begin(), counts.end()));
    const int plotW = width - kLeft - kRight;
    const int plotH = height - kTop - kBottom;
    const double barW = double(plotW) / bins;
    const int divisions = divisionsFor(top);
    for (int i = 0; i <= divisions; ++i) {
        const double v = top * i / divisions;
        const std::string y = num(kTop + plotH - v / top * plotH);
        out += "<line class=\"grid\" x1=\"" + std::to_string(kLeft) + "\" x2=\"" +
               std::to_string(kLeft + plotW) + "\" y1=\"" + y + "\" y2=\"" + y + "\"/>";
        out += "<text class=\"axis\" x=\"" + std::to_string(kLeft - 6) + "\" y=\"" + y +
               "\" dy=\"4\" text-anchor=\"end\">" + fixed(v, 0) + "</text>";
    }
    for (int i = 0; i < bins; ++i) {
        if (counts[std::size_t(i)] <= 0)
            continue;
        const double bh = counts[std::size_t(i)] / top * plotH;
        const double binLow = binList[std::size_t(i)].lowMs;
        const double binHigh = binList[std::size_t(i)].highMs;
        out += "<rect class=\"bar\" x=\"" + num(kLeft + i * barW + 0.5) + "\" y=\"" +
               num(kTop + plotH - bh) + "\" width=\"" + num(std::max(1.0, barW - 1)) +
               "\" height=\"" + num(bh) + "\"><title>" + duration(binLow) + " – " +
               duration(binHigh) + ": " + fixed(counts[std::size_t(i)], 0) + "</title></rect>";
    }
    for (int i : {0, bins / 2, bins}) {
        const double ms = i == bins ? binList.back().highMs : binList[std::size_t(i)].lowMs;
        out += "<text class=\"axis\" x=\"" + num(kLeft + i * barW) + "\" y=\"" +
               std::to_string(height - 8) + "\" text-anchor=\"" +
               (i == 0      ? "start"
                : i == bins ? "end"
                            : "middle") +
               "\">" + duration(ms) + "</text>";
    }
    out += "</svg>";
    return out;
}

} // namespace bb::loadtest::report
