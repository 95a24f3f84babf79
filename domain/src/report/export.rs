//! The report as a spreadsheet file: CSV in UTF-8 with a byte-order mark (so Excel opens the
//! Chinese as Chinese), every cell that a spreadsheet would run as a formula neutralised
//! (text typed at the desk — a category, a unit — reaches these files).

use super::tickets::TicketFigures;
use super::{Rate, TicketReport};

/// A cell as a spreadsheet must read it: text, never a formula. A leading `=`, `+`, `-`,
/// `@`, tab or carriage return gets an apostrophe before it (OWASP's advice for CSV).
pub fn neutralise(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{cell}") } else { cell.to_string() }
}

/// The words of the file, in one language.
pub struct Words {
    pub figure: &'static str,
    pub period: &'static str,
    pub previous: &'static str,
    pub year_before: &'static str,
    pub received: &'static str,
    pub met_of: &'static str,
    pub median: &'static str,
    pub p90: &'static str,
    /// A rate's or a share's name by its key.
    pub name: fn(&str) -> String,
}

fn rate_cells(r: Option<&Rate>) -> [String; 3] {
    match r {
        Some(r) if r.counted == 0 => ["—".to_string(), String::new(), String::new()],
        Some(r) => [
            r.per_mille().map_or_else(String::new, |p| format!("{}.{}%", p / 10, p % 10))
                + &format!(" ({}/{})", r.met, r.counted),
            r.median_minutes.map_or_else(String::new, |m| m.to_string()),
            r.p90_minutes.map_or_else(String::new, |m| m.to_string()),
        ],
        None => Default::default(),
    }
}

fn find<'a>(f: Option<&'a TicketFigures>, key: &str) -> Option<&'a Rate> {
    f.and_then(|f| f.rates.iter().find(|r| r.key == key))
}

/// The ticket report as CSV: one row per figure, the period beside the previous one and the
/// same period a year before; then the counts by kind, category, department, channel and
/// building; then the day-by-day counts.
pub fn tickets_csv(report: &TicketReport, w: &Words) -> String {
    let mut out = csv::WriterBuilder::new().flexible(true).from_writer(Vec::new());
    let periods = [Some(&report.current), report.previous.as_ref(), report.year_before.as_ref()];
    let label = |f: Option<&TicketFigures>| {
        f.map_or_else(String::new, |f| {
            format!("{} – {}", f.period.from, f.period.to.pred_opt().unwrap_or(f.period.to))
        })
    };
    let mut row = |cells: Vec<String>| {
        let _ = out.write_record(cells.iter().map(|c| neutralise(c)));
    };
    row(vec![w.figure.into(), w.period.into(), w.previous.into(), w.year_before.into()]);
    row(vec![String::new(), label(periods[0]), label(periods[1]), label(periods[2])]);
    row(std::iter::once(w.received.to_string())
        .chain(periods.iter().map(|f| f.map_or_else(String::new, |f| f.received.to_string())))
        .collect());
    for rate in &report.current.rates {
        for (i, what) in [w.met_of, w.median, w.p90].iter().enumerate() {
            let mut cells = vec![format!("{} · {what}", (w.name)(&rate.key))];
            cells.extend(periods.iter().map(|f| rate_cells(find(*f, &rate.key))[i].clone()));
            row(cells);
        }
    }
    for share in &report.current.shares {
        let cell = |f: Option<&TicketFigures>| {
            f.and_then(|f| f.shares.iter().find(|s| s.key == share.key))
                .map_or_else(String::new, |s| format!("{}/{}", s.part, s.whole))
        };
        row(vec![(w.name)(&share.key), cell(periods[0]), cell(periods[1]), cell(periods[2])]);
    }
    row(vec![(w.name)("escalated"), report.current.escalated.count.to_string()]);
    let paid = &report.current.paid;
    row(vec![
        (w.name)("paid"),
        paid.completed.to_string(),
        format!("{:.2}", paid.labour_fee as f64 / 100.0),
        format!("{:.2}", paid.material_fee as f64 / 100.0),
    ]);
    for (group, counts) in [
        ("by_kind", &report.current.by_kind),
        ("by_category", &report.current.by_category),
        ("by_department", &report.current.by_department),
        ("by_channel", &report.current.by_channel),
        ("by_building", &report.current.by_building),
    ] {
        row(vec![]);
        row(vec![(w.name)(group)]);
        for c in counts {
            row(vec![(w.name)(&c.key), c.count.to_string()]);
        }
    }
    for (key, lines) in tables(&report.current, w) {
        row(vec![]);
        row(vec![(w.name)(key)]);
        for cells in lines {
            row(cells);
        }
    }
    if let Some(ops) = &report.operations {
        for (group, counts) in ops.groups() {
            row(vec![]);
            row(vec![(w.name)(group)]);
            for c in counts {
                row(vec![(w.name)(&c.key), c.count.to_string()]);
            }
        }
    }
    row(vec![]);
    row(vec![(w.name)("per_day")]);
    for (day, n) in &report.current.per_day {
        row(vec![day.to_string(), n.to_string()]);
    }
    let bytes = out.into_inner().unwrap_or_default();
    format!("\u{feff}{}", String::from_utf8_lossy(&bytes))
}

/// Rows of text as CSV (BOM, every cell neutralised).
pub fn rows_csv(rows: &[Vec<String>]) -> String {
    let mut out = csv::WriterBuilder::new().flexible(true).from_writer(Vec::new());
    for cells in rows {
        let _ = out.write_record(cells.iter().map(|c| neutralise(c)));
    }
    let bytes = out.into_inner().unwrap_or_default();
    format!("\u{feff}{}", String::from_utf8_lossy(&bytes))
}

fn yuan(fen: u64) -> String {
    format!("{:.2}", fen as f64 / 100.0)
}

fn ratio(part: usize, whole: usize) -> String {
    format!("{part}/{whole}")
}

/// The period's tables, each a heading key and its rows (the first row names the columns):
/// the rules' escalations by limit, each building's week by week, per person, per
/// department, the case analyses. One list for the CSV, the workbook and the screen.
pub fn tables(f: &TicketFigures, w: &Words) -> Vec<(&'static str, Vec<Vec<String>>)> {
    let n = |k: &str| (w.name)(k);
    let escalated = f.escalated_by_rules.iter().map(|c| vec![n(&c.key), c.count.to_string()]).collect();
    let mut people =
        vec![["col_name", "col_tickets", "col_on_time", "col_satisfied", "col_reopened"].map(n).to_vec()];
    people.extend(f.people.iter().map(|p| {
        vec![
            p.name.clone(),
            p.tickets.to_string(),
            ratio(p.on_time, p.timed),
            ratio(p.satisfied, p.visited),
            p.reopened.to_string(),
        ]
    }));
    let mut departments = vec![
        [
            "col_department",
            "col_dispatched",
            "col_accepted",
            "col_arrival",
            "col_completed",
            "col_labour",
            "col_material",
        ]
        .map(n)
        .to_vec(),
    ];
    departments.extend(f.departments.iter().map(|d| {
        vec![
            n(&d.key),
            d.dispatched.to_string(),
            d.accepted.to_string(),
            ratio(d.arrival_met, d.arrival_counted),
            d.completed.to_string(),
            yuan(d.labour_fee),
            yuan(d.material_fee),
        ]
    }));
    let mut analyses =
        vec![["col_number", "col_category", "col_cause", "col_corrective", "col_preventive"].map(n).to_vec()];
    analyses.extend(f.analyses.iter().map(|a| {
        vec![
            a.number.clone().unwrap_or_default(),
            n(&a.category),
            a.cause.clone(),
            a.corrective.clone(),
            a.preventive.clone(),
        ]
    }));
    let weeks = f
        .weekly_by_building
        .first()
        .map(|b| b.weeks.iter().map(|w| w.key.clone()).collect::<Vec<_>>())
        .unwrap_or_default();
    let mut weekly = vec![std::iter::once(n("col_building")).chain(weeks).collect::<Vec<_>>()];
    weekly.extend(f.weekly_by_building.iter().map(|b| {
        std::iter::once(b.building.clone()).chain(b.weeks.iter().map(|w| w.count.to_string())).collect()
    }));
    vec![
        ("escalated_by_rules", escalated),
        ("weekly_by_building", weekly),
        ("people", people),
        ("departments", departments),
        ("analyses", analyses),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_formula_is_text_in_the_file() {
        for bad in ["=1+1", "+86", "-2", "@SUM(A1)", "\tx", "\rx"] {
            assert!(neutralise(bad).starts_with('\''), "{bad:?}");
        }
        assert_eq!(neutralise("3栋-1502"), "3栋-1502");
    }
}
