package org.opencarerecord.web.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.web.util.HtmlUtils;

/**
 * A numeric result's trend as an SVG drawn on the server (usable before any script runs, allowed
 * by a strict Content-Security-Policy): points over time, the reference range the source sent as
 * a band, and values flagged abnormal (or outside the range) drawn as a different shape, not only
 * a different colour. The table beside it holds the same values for those who cannot see the chart.
 */
final class TrendChart {

    private static final int WIDTH = 600;
    private static final int HEIGHT = 180;
    private static final int LEFT = 56;
    private static final int RIGHT = 16;
    private static final int TOP = 14;
    private static final int BOTTOM = 28;

    private TrendChart() {
    }

    /** The chart of these results (newest first), or null when there are fewer than two numbers in one unit to draw. */
    static String svg(List<ItemView> results) {
        List<ItemView> points = new ArrayList<>();
        String unit = null;
        for (ItemView r : results) {
            if (r.result() == null || r.result().number() == null || r.when() == null) {
                continue;
            }
            if (unit == null) {
                unit = String.valueOf(r.result().unit());
            }
            if (unit.equals(String.valueOf(r.result().unit()))) { // another unit is another scale: not on this line
                points.add(0, r);
            }
        }
        if (points.size() < 2) {
            return null;
        }
        ItemView latest = points.get(points.size() - 1);
        BigDecimal low = latest.result().low();
        BigDecimal high = latest.result().high();
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (ItemView p : points) {
            double v = p.result().number().doubleValue();
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        if (low != null) {
            min = Math.min(min, low.doubleValue());
        }
        if (high != null) {
            max = Math.max(max, high.doubleValue());
        }
        if (max == min) {
            max += 1;
            min -= 1;
        }
        double pad = (max - min) * 0.08;
        min -= pad;
        max += pad;
        Instant first = points.get(0).when();
        Instant last = latest.when();
        long span = Math.max(1, last.getEpochSecond() - first.getEpochSecond());

        String name = latest.title();
        String unitText = "null".equals(unit) ? "" : " " + unit;
        StringBuilder s = new StringBuilder(2048);
        s.append("<svg class=\"trend\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" role=\"img\" aria-label=\"").append(esc("Trend of " + name + ": " + points.size() + " values from "
                        + ItemView.display(first) + " to " + ItemView.display(last) + ", latest " + latest.result().value()
                        + unitText)).append("\" xmlns=\"http://www.w3.org/2000/svg\">");
        if (low != null || high != null) {
            double y1 = y(high != null ? high.doubleValue() : max, min, max);
            double y2 = y(low != null ? low.doubleValue() : min, min, max);
            s.append("<rect class=\"range\" x=\"").append(LEFT).append("\" y=\"").append(f(y1)).append("\" width=\"")
                    .append(WIDTH - LEFT - RIGHT).append("\" height=\"").append(f(Math.max(1, y2 - y1))).append("\"/>");
        }
        // axis labels: top and bottom of the scale, first and last date
        s.append("<text class=\"axis\" x=\"4\" y=\"").append(TOP + 8).append("\">").append(esc(number(max))).append("</text>");
        s.append("<text class=\"axis\" x=\"4\" y=\"").append(HEIGHT - BOTTOM).append("\">").append(esc(number(min)))
                .append("</text>");
        s.append("<text class=\"axis\" x=\"").append(LEFT).append("\" y=\"").append(HEIGHT - 8).append("\">")
                .append(esc(ItemView.day(first))).append("</text>");
        s.append("<text class=\"axis end\" x=\"").append(WIDTH - RIGHT).append("\" y=\"").append(HEIGHT - 8).append("\">")
                .append(esc(ItemView.day(last))).append("</text>");
        s.append("<polyline class=\"line\" points=\"");
        for (ItemView p : points) {
            s.append(f(x(p.when(), first, span))).append(',').append(f(y(p.result().number().doubleValue(), min, max))).append(' ');
        }
        s.append("\"/>");
        for (ItemView p : points) {
            double px = x(p.when(), first, span);
            double py = y(p.result().number().doubleValue(), min, max);
            boolean abnormal = p.result().abnormal()
                    || RecordSections.outside(p.result().number(), p.result().low(), p.result().high());
            String label = esc(p.whenText() + ": " + p.result().value() + unitText + (abnormal ? " (abnormal)" : ""));
            if (abnormal) { // a diamond, not only another colour
                s.append("<path class=\"point abnormal\" d=\"M").append(f(px)).append(',').append(f(py - 6)).append(" l6,6 l-6,6 l-6,-6 z\"><title>")
                        .append(label).append("</title></path>");
            } else {
                s.append("<circle class=\"point\" cx=\"").append(f(px)).append("\" cy=\"").append(f(py)).append("\" r=\"4\"><title>")
                        .append(label).append("</title></circle>");
            }
        }
        return s.append("</svg>").toString();
    }

    private static double x(Instant at, Instant first, long span) {
        return LEFT + (WIDTH - LEFT - RIGHT) * (double) (at.getEpochSecond() - first.getEpochSecond()) / span;
    }

    private static double y(double v, double min, double max) {
        return TOP + (HEIGHT - TOP - BOTTOM) * (1 - (v - min) / (max - min));
    }

    /** One decimal place, enough for a point on the drawing. */
    private static String f(double v) {
        return Double.toString(Math.round(v * 10) / 10.0);
    }

    private static String number(double v) {
        return BigDecimal.valueOf(v).round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString();
    }

    private static String esc(String s) {
        return HtmlUtils.htmlEscape(s);
    }
}
