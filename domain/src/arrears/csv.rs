//! Reading finance's arrears list (CSV): the unit import's rules — UTF-8 with or without a
//! BOM, Chinese or English headers in any order, every row checked, a bad file reported
//! line by line and imported not at all.

use super::record::FeeType;
use crate::import::{RowError, RowProblem, malformed, problem};
use crate::property::{BuildingName, UnitNumber, unit_label};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One line finance says is owed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ArrearsRow {
    pub line: u64,
    /// `2栋-0801`.
    pub unit: String,
    pub fee_type: FeeType,
    /// `2026-10`.
    pub period: String,
    /// In fen.
    pub amount: u64,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub due: NaiveDate,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Building,
    Unit,
    FeeType,
    Period,
    Amount,
    Due,
}

const COLUMNS: [Column; 6] =
    [Column::Building, Column::Unit, Column::FeeType, Column::Period, Column::Amount, Column::Due];

fn column_for(header: &str) -> Option<Column> {
    let h = header.trim().to_lowercase().replace([' ', '_'], "");
    Some(match h.as_str() {
        "楼栋" | "楼号" | "栋" | "building" => Column::Building,
        "房号" | "房间号" | "单元" | "unit" | "room" => Column::Unit,
        "费用类型" | "收费项目" | "费用" | "feetype" | "fee" => Column::FeeType,
        "所属期间" | "期间" | "账期" | "period" => Column::Period,
        "欠费金额" | "金额" | "应收金额" | "amount" => Column::Amount,
        "应缴日期" | "缴费期限" | "到期日" | "due" | "duedate" => Column::Due,
        _ => return None,
    })
}

fn column_name(c: Column) -> &'static str {
    match c {
        Column::Building => "楼栋",
        Column::Unit => "房号",
        Column::FeeType => "费用类型",
        Column::Period => "所属期间",
        Column::Amount => "欠费金额",
        Column::Due => "应缴日期",
    }
}

/// The most one line may owe, in fen (¥10,000,000): beyond it a typo, never a fee.
pub const MAX_AMOUNT: u64 = 1_000_000_000;
/// Due dates a fee can have.
pub const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

/// `2026-10` (a real month).
pub fn period_of(s: &str) -> Option<String> {
    NaiveDate::parse_from_str(&format!("{}-01", s.trim()), "%Y-%m-%d")
        .ok()
        .map(|d| d.format("%Y-%m").to_string())
}

/// Parses and checks a whole file. `Ok` only when every row is valid; one unit's fee for
/// one period appears once.
pub fn parse_arrears_csv(text: &str) -> Result<Vec<ArrearsRow>, Vec<RowError>> {
    let (rows, errors) = parse_arrears_csv_all(text);
    if errors.is_empty() { Ok(rows) } else { Err(errors) }
}

/// Every valid row and every problem of every line, so a file is fixed in one go (the
/// caller adds what it checks of the valid rows, such as units not in the register).
pub fn parse_arrears_csv_all(text: &str) -> (Vec<ArrearsRow>, Vec<RowError>) {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader =
        ::csv::ReaderBuilder::new().flexible(true).trim(::csv::Trim::All).from_reader(text.as_bytes());
    let headers = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            return (
                Vec::new(),
                vec![problem(1, None, RowProblem::Unreadable, format!("unreadable header: {e}"))],
            );
        }
    };
    let columns: Vec<Option<Column>> = headers.iter().map(column_for).collect();
    let at = |c: Column| columns.iter().position(|x| *x == Some(c));
    let missing: Vec<&str> = COLUMNS.iter().filter(|c| at(**c).is_none()).map(|c| column_name(*c)).collect();
    if !missing.is_empty() {
        let message = format!("the header needs the columns {}", missing.join(", "));
        return (
            Vec::new(),
            vec![problem(
                1,
                None,
                RowProblem::MissingColumns { columns: missing.iter().map(|c| c.to_string()).collect() },
                message,
            )],
        );
    }
    let (mut rows, mut errors) = (Vec::new(), Vec::new());
    let mut seen = std::collections::HashMap::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                errors.push(problem(
                    e.position().map(|p| p.line()).unwrap_or(0),
                    None,
                    RowProblem::Unreadable,
                    format!("unreadable row: {e}"),
                ));
                continue;
            }
        };
        let line = record.position().map(|p| p.line()).unwrap_or(0);
        if record.iter().all(str::is_empty) {
            continue;
        }
        if let Some(e) = malformed(line, &record, &headers) {
            errors.push(e);
            continue;
        }
        let cell = |c: Column| at(c).and_then(|i| record.get(i)).unwrap_or("");
        let err =
            |c: Column, p: RowProblem, m: String| problem(line, at(c).map(|i| headers[i].to_string()), p, m);
        match parse_row(line, &cell, &err) {
            Ok(row) => match seen.insert((row.unit.clone(), row.fee_type, row.period.clone()), line) {
                Some(first) => errors.push(problem(
                    line,
                    None,
                    RowProblem::Duplicate { first },
                    format!("duplicate of line {first}"),
                )),
                None => rows.push(row),
            },
            Err(e) => errors.extend(e),
        }
    }
    (rows, errors)
}

fn parse_row<'a>(
    line: u64,
    cell: &dyn Fn(Column) -> &'a str,
    err: &dyn Fn(Column, RowProblem, String) -> RowError,
) -> Result<ArrearsRow, Vec<RowError>> {
    // Every cell checked: a line's problems are said together.
    let mut errors = Vec::new();
    let mut check = |c: Column, p: RowProblem, r: Result<(), String>| {
        if let Err(m) = r {
            errors.push(err(c, p, m));
        }
    };
    let building = BuildingName::parse(cell(Column::Building));
    check(Column::Building, RowProblem::Building, building.as_ref().map(|_| ()).map_err(|e| e.to_string()));
    let unit = UnitNumber::parse(cell(Column::Unit));
    check(Column::Unit, RowProblem::Unit, unit.as_ref().map(|_| ()).map_err(|e| e.to_string()));
    let fee_type = FeeType::parse(cell(Column::FeeType));
    check(
        Column::FeeType,
        RowProblem::FeeType,
        fee_type.map(|_| ()).ok_or_else(|| "a fee type: 物业管理费, 水电费, 特约服务费 or 停车费".into()),
    );
    let period = period_of(cell(Column::Period));
    check(
        Column::Period,
        RowProblem::Period,
        period.as_ref().map(|_| ()).ok_or_else(|| "a month, 2026-10".into()),
    );
    let amount = crate::money::parse_yuan(cell(Column::Amount)).filter(|a| (1..=MAX_AMOUNT).contains(a));
    check(
        Column::Amount,
        RowProblem::Amount,
        amount
            .map(|_| ())
            .ok_or_else(|| "an amount in yuan above 0 (at most ¥10,000,000), two decimals at most".into()),
    );
    let due = NaiveDate::parse_from_str(cell(Column::Due), "%Y-%m-%d")
        .ok()
        .filter(|d| YEARS.contains(&chrono::Datelike::year(d)));
    check(Column::Due, RowProblem::Due, due.map(|_| ()).ok_or_else(|| "a date, 2026-11-15".into()));
    match (building, unit, fee_type, period, amount, due) {
        (Ok(b), Ok(u), Some(fee_type), Some(period), Some(amount), Some(due)) if errors.is_empty() => {
            Ok(ArrearsRow { line, unit: unit_label(b.as_str(), u.as_str()), fee_type, period, amount, due })
        }
        _ => Err(errors),
    }
}
