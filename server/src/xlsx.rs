//! The month's report as an Excel workbook: the figures beside the previous month and the
//! year before (with how each is counted), the days and the breakdowns, and native charts
//! Excel draws itself. Every cell of words is written as text, never as a formula.

use rust_xlsxwriter::{Chart, ChartType, Format, Workbook, Worksheet, XlsxError};
use steward_domain::report::export::tables;
use steward_domain::report::tickets::TicketFigures;
use steward_domain::report::words::{how, name};
use steward_domain::report::{Rate, TicketReport};

fn rate_text(r: Option<&Rate>) -> String {
    match r {
        Some(r) if r.counted > 0 => {
            let p = r.per_mille().unwrap_or(0);
            format!("{}.{}% ({}/{})", p / 10, p % 10, r.met, r.counted)
        }
        Some(_) => "—".into(),
        None => String::new(),
    }
}

fn rate_of<'a>(f: Option<&'a TicketFigures>, key: &str) -> Option<&'a Rate> {
    f.and_then(|f| f.rates.iter().find(|r| r.key == key))
}

fn figures_sheet(ws: &mut Worksheet, r: &TicketReport, en: bool, bold: &Format) -> Result<(), XlsxError> {
    ws.set_name(if en { "Report" } else { "月度报表" })?;
    let periods = [Some(&r.current), r.previous.as_ref(), r.year_before.as_ref()];
    let heads = if en {
        ["Figure", "This period", "Previous", "A year before", "How it is counted"]
    } else {
        ["指标", "本期", "上期", "去年同期", "统计口径"]
    };
    for (c, h) in heads.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, bold)?;
    }
    for (c, f) in periods.iter().enumerate() {
        let label = f.map_or_else(String::new, |f| {
            format!("{} – {}", f.period.from, f.period.to.pred_opt().unwrap_or(f.period.to))
        });
        ws.write_string(1, c as u16 + 1, label)?;
    }
    let mut row = 2u32;
    ws.write_string(row, 0, name("received", en))?;
    for (c, f) in periods.iter().enumerate() {
        if let Some(f) = f {
            ws.write_number(row, c as u16 + 1, f.received as f64)?;
        }
    }
    ws.write_string(row, 4, how("received", en))?;
    for rate in &r.current.rates {
        row += 1;
        ws.write_string(row, 0, name(&rate.key, en))?;
        for (c, f) in periods.iter().enumerate() {
            ws.write_string(row, c as u16 + 1, rate_text(rate_of(*f, &rate.key)))?;
        }
        ws.write_string(row, 4, how(&rate.key, en))?;
    }
    for share in &r.current.shares {
        row += 1;
        ws.write_string(row, 0, name(&share.key, en))?;
        for (c, f) in periods.iter().enumerate() {
            if let Some(s) = f.and_then(|f| f.shares.iter().find(|s| s.key == share.key)) {
                ws.write_string(row, c as u16 + 1, format!("{}/{}", s.part, s.whole))?;
            }
        }
        ws.write_string(row, 4, how(&share.key, en))?;
    }
    row += 1;
    ws.write_string(row, 0, name("escalated", en))?;
    ws.write_number(row, 1, r.current.escalated.count as f64)?;
    row += 1;
    ws.write_string(row, 0, name("paid", en))?;
    let paid = &r.current.paid;
    ws.write_string(
        row,
        1,
        format!(
            "{} · {:.2} · {:.2}",
            paid.completed,
            paid.labour_fee as f64 / 100.0,
            paid.material_fee as f64 / 100.0
        ),
    )?;
    ws.write_string(row, 4, how("paid", en))?;
    // The rates as numbers for the chart (percent), below the table.
    let (first, sheet) = (row + 2, if en { "Report" } else { "月度报表" });
    for (i, rate) in r.current.rates.iter().enumerate() {
        let at = first + i as u32;
        ws.write_string(at, 0, name(&rate.key, en))?;
        if let Some(p) = rate.per_mille() {
            ws.write_number(at, 1, p as f64 / 10.0)?;
        }
    }
    let last = first + r.current.rates.len() as u32 - 1;
    let mut chart = Chart::new(ChartType::Bar);
    chart.title().set_name(if en { "Time limits met (%)" } else { "时限达标率（%）" });
    chart.add_series().set_categories((sheet, first, 0, last, 0)).set_values((sheet, first, 1, last, 1));
    chart.legend().set_hidden();
    ws.insert_chart(last + 2, 0, &chart)?;
    ws.set_column_width(0, 28)?;
    ws.set_column_width(1, 22)?;
    ws.set_column_width(2, 22)?;
    ws.set_column_width(3, 22)?;
    ws.set_column_width(4, 60)?;
    Ok(())
}

fn days_sheet(ws: &mut Worksheet, f: &TicketFigures, en: bool, bold: &Format) -> Result<(), XlsxError> {
    let sheet = if en { "Per day" } else { "每日受理" };
    ws.set_name(sheet)?;
    ws.write_string_with_format(0, 0, if en { "Day" } else { "日期" }, bold)?;
    ws.write_string_with_format(0, 1, name("received", en), bold)?;
    for (i, (day, n)) in f.per_day.iter().enumerate() {
        ws.write_string(i as u32 + 1, 0, day.to_string())?;
        ws.write_number(i as u32 + 1, 1, *n as f64)?;
    }
    let last = f.per_day.len() as u32;
    let mut chart = Chart::new(ChartType::Column);
    chart.title().set_name(&name("per_day", en));
    chart.add_series().set_categories((sheet, 1, 0, last, 0)).set_values((sheet, 1, 1, last, 1));
    chart.legend().set_hidden();
    ws.insert_chart(1, 3, &chart)?;
    ws.set_column_width(0, 12)?;
    Ok(())
}

fn groups_sheet(ws: &mut Worksheet, r: &TicketReport, en: bool, bold: &Format) -> Result<(), XlsxError> {
    ws.set_name(if en { "Breakdowns" } else { "分类统计" })?;
    let f = &r.current;
    let mut row = 0u32;
    let mut groups = vec![
        ("by_kind", &f.by_kind),
        ("by_category", &f.by_category),
        ("by_department", &f.by_department),
        ("by_channel", &f.by_channel),
        ("by_building", &f.by_building),
    ];
    if let Some(ops) = &r.operations {
        groups.extend(ops.groups());
    }
    for (key, counts) in groups {
        ws.write_string_with_format(row, 0, name(key, en), bold)?;
        for c in counts {
            row += 1;
            ws.write_string(row, 0, name(&c.key, en))?;
            ws.write_number(row, 1, c.count as f64)?;
        }
        row += 2;
    }
    ws.set_column_width(0, 24)?;
    Ok(())
}

/// Who did the work, the rules' escalations and the case analyses: the export's own tables
/// ([`tables`]), every cell a string cell.
fn people_sheet(ws: &mut Worksheet, f: &TicketFigures, en: bool, bold: &Format) -> Result<(), XlsxError> {
    ws.set_name(if en { "People and departments" } else { "人员与部门" })?;
    let words = steward_domain::report::words::csv_words(en);
    let mut row = 0u32;
    for (key, lines) in tables(f, &words) {
        ws.write_string_with_format(row, 0, name(key, en), bold)?;
        for cells in lines {
            row += 1;
            for (col, cell) in cells.iter().enumerate() {
                ws.write_string(row, col as u16, cell)?;
            }
        }
        row += 2;
    }
    ws.set_column_width(0, 24)?;
    for col in 2..5 {
        ws.set_column_width(col, 30)?;
    }
    Ok(())
}

/// The workbook's bytes.
pub fn tickets(r: &TicketReport, en: bool) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    figures_sheet(wb.add_worksheet(), r, en, &bold)?;
    days_sheet(wb.add_worksheet(), &r.current, en, &bold)?;
    groups_sheet(wb.add_worksheet(), r, en, &bold)?;
    people_sheet(wb.add_worksheet(), &r.current, en, &bold)?;
    wb.save_to_buffer()
}

/// Head office's roll-up: properties side by side, one sheet, every cell a string.
pub fn rollup(rows: &[Vec<String>], en: bool) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let ws = wb.add_worksheet();
    ws.set_name(if en { "Properties" } else { "各项目对比" })?;
    for (r, cells) in rows.iter().enumerate() {
        for (c, cell) in cells.iter().enumerate() {
            if r == 0 || c == 0 {
                ws.write_string_with_format(r as u32, c as u16, cell, &bold)?;
            } else {
                ws.write_string(r as u32, c as u16, cell)?;
            }
        }
    }
    ws.set_column_width(0, 30)?;
    for c in 1..rows.first().map_or(1, Vec::len) {
        ws.set_column_width(c as u16, 22)?;
    }
    wb.save_to_buffer()
}
