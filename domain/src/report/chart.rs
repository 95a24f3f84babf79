//! Charts drawn as SVG by whoever computes the figures (the server), so the staff app shows
//! them as images and does not grow: tickets received per day, and each time limit's rate.

use super::tickets::TicketFigures;
use super::words::name;
use std::fmt::Write;

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

const W: usize = 720;
const FONT: &str = "font-family=\"sans-serif\" font-size=\"12\"";

/// Tickets received per day: one bar a day, the busiest day's count on the axis.
pub fn per_day(f: &TicketFigures, english: bool) -> String {
    let (h, top, bottom, left) = (220usize, 28usize, 24usize, 36usize);
    let max = f.per_day.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
    let days = f.per_day.len().max(1);
    let slot = (W - left - 8) as f64 / days as f64;
    let plot = (h - top - bottom) as f64;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {W} {h}\" role=\"img\" aria-label=\"{title}\" {FONT}>\
         <title>{title}</title><text x=\"{left}\" y=\"16\" font-weight=\"bold\">{title}</text>\
         <line x1=\"{left}\" y1=\"{base}\" x2=\"{W}\" y2=\"{base}\" stroke=\"#555\"/>\
         <text x=\"{tx}\" y=\"{top4}\" text-anchor=\"end\">{max}</text><text x=\"{tx}\" y=\"{base}\" text-anchor=\"end\">0</text>",
        title = escape(&name("per_day", english)),
        base = h - bottom,
        tx = left - 4,
        top4 = top + 4,
    );
    for (i, (day, n)) in f.per_day.iter().enumerate() {
        let bar = plot * *n as f64 / max as f64;
        let x = left as f64 + slot * i as f64 + 1.0;
        let _ = write!(
            svg,
            "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{bar:.1}\" fill=\"#1f6f6a\"><title>{day}: {n}</title></rect>",
            y = (h - bottom) as f64 - bar,
            w = (slot - 2.0).max(1.0),
        );
        // A date every week, and the first.
        if i % 7 == 0 {
            let _ = write!(svg, "<text x=\"{x:.1}\" y=\"{y}\">{}</text>", day.format("%m-%d"), y = h - 6);
        }
    }
    svg.push_str("</svg>");
    svg
}

/// Each time limit's rate as a bar out of 100%, with its counts.
pub fn rates(f: &TicketFigures, english: bool) -> String {
    let row = 30usize;
    let h = 36 + row * f.rates.len();
    let (label_w, bar_w) = (260usize, 360usize);
    let title = escape(if english { "Time limits met" } else { "时限达标率" });
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {W} {h}\" role=\"img\" aria-label=\"{title}\" {FONT}>\
         <title>{title}</title><text x=\"0\" y=\"16\" font-weight=\"bold\">{title}</text>"
    );
    for (i, r) in f.rates.iter().enumerate() {
        let y = 30 + row * i;
        let share = r.per_mille().map_or(0.0, |p| p as f64 / 1000.0);
        let figure = r
            .per_mille()
            .map_or_else(|| "—".to_string(), |p| format!("{}.{}% ({}/{})", p / 10, p % 10, r.met, r.counted));
        let _ = write!(
            svg,
            "<text x=\"0\" y=\"{ty}\">{label}</text>\
             <rect x=\"{label_w}\" y=\"{y}\" width=\"{bar_w}\" height=\"18\" fill=\"#e3ecea\"/>\
             <rect x=\"{label_w}\" y=\"{y}\" width=\"{fill:.1}\" height=\"18\" fill=\"#1f6f6a\"/>\
             <text x=\"{tx}\" y=\"{ty}\">{figure}</text>",
            ty = y + 14,
            label = escape(&name(&r.key, english)),
            fill = bar_w as f64 * share,
            tx = label_w + bar_w + 6,
        );
    }
    svg.push_str("</svg>");
    svg
}
