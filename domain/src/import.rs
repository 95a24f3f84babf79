//! Reading a property's units and owners from a spreadsheet export (CSV).
//!
//! Properties arrive as whatever their old system or Excel exported: UTF-8 with or without
//! a BOM, Chinese or English headers, columns in any order. Every row is checked before
//! anything is written, so a bad file is reported line by line and imports nothing.

use crate::phone::PhoneNumber;
use crate::property::{BuildingName, UnitNumber, UnitStatus, validate_name};
use serde::{Deserialize, Serialize};

/// One bad row: the line in the file (1 = header) and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RowError {
    pub line: u64,
    /// The column at fault as named in the file, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// English, for logs and the API's readers; screens say `problem` in their language.
    pub message: String,
    /// What is wrong, for the screen to say in the user's language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub problem: Option<RowProblem>,
}

/// What is wrong with a line of an imported file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RowProblem {
    Building,
    Unit,
    FeeType,
    Period,
    Amount,
    Due,
    /// The same unit, fee and period as line `first`.
    Duplicate {
        first: u64,
    },
    NotInRegister {
        unit: String,
    },
    Unreadable,
    MissingColumns {
        columns: Vec<String>,
    },
    TooManyCells {
        cells: usize,
        columns: usize,
    },
    UnclosedQuote,
}

/// One valid row: a unit, and optionally one of its owners.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportRow {
    pub line: u64,
    pub building: BuildingName,
    pub unit: UnitNumber,
    /// `None` when the file has no 状态 column or the cell is blank: the stored status stays
    /// (importing owners again must not empty the vacant-unit register).
    pub status: Option<UnitStatus>,
    pub owner: Option<OwnerRow>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnerRow {
    pub name: String,
    pub phone: Option<PhoneNumber>,
    pub emergency_contact: Option<String>,
    pub emergency_phone: Option<PhoneNumber>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Building,
    Unit,
    Status,
    OwnerName,
    Phone,
    EmergencyContact,
    EmergencyPhone,
}

fn column_for(header: &str) -> Option<Column> {
    let h = header.trim().to_lowercase().replace([' ', '_'], "");
    Some(match h.as_str() {
        "楼栋" | "楼号" | "栋" | "building" => Column::Building,
        "房号" | "房间号" | "单元" | "unit" | "room" => Column::Unit,
        "状态" | "房屋状态" | "status" => Column::Status,
        "业主姓名" | "业主" | "姓名" | "owner" | "ownername" | "name" => Column::OwnerName,
        "联系电话" | "电话" | "手机" | "手机号" | "phone" | "mobile" => Column::Phone,
        "紧急联系人" | "emergencycontact" => Column::EmergencyContact,
        "紧急联系电话" | "紧急电话" | "emergencyphone" => Column::EmergencyPhone,
        _ => return None,
    })
}

/// Parses and validates a whole file. `Ok` only when every row is valid.
pub fn parse_units_csv(text: &str) -> Result<Vec<ImportRow>, Vec<RowError>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader =
        csv::ReaderBuilder::new().flexible(true).trim(csv::Trim::All).from_reader(text.as_bytes());
    let headers = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => return Err(vec![row_error(1, None, format!("unreadable header: {e}"))]),
    };
    let columns: Vec<Option<Column>> = headers.iter().map(column_for).collect();
    let find = |c: Column| columns.iter().position(|x| *x == Some(c));
    let (Some(_), Some(_)) = (find(Column::Building), find(Column::Unit)) else {
        return Err(vec![row_error(
            1,
            None,
            "the header needs columns 楼栋 (building) and 房号 (unit)".into(),
        )]);
    };

    let mut rows = Vec::new();
    let mut errors = Vec::new();
    let mut seen = std::collections::HashMap::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(0);
                errors.push(row_error(line, None, format!("unreadable row: {e}")));
                continue;
            }
        };
        let line = record.position().map(|p| p.line()).unwrap_or(0);
        if record.iter().all(str::is_empty) {
            continue; // spreadsheets love trailing blank lines
        }
        if let Some(e) = malformed(line, &record, &headers) {
            errors.push(e);
            continue;
        }
        let row = Cells { line, record: &record, headers: &headers, columns: &columns };
        match row.parse() {
            Ok(row) => {
                let key =
                    (row.building.clone(), row.unit.clone(), row.owner.as_ref().map(|o| o.name.clone()));
                if let Some(first) = seen.insert(key, line) {
                    errors.push(row_error(line, None, format!("duplicate of line {first}")));
                } else {
                    rows.push(row);
                }
            }
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    if rows.is_empty() {
        return Err(vec![row_error(1, None, "the file has no rows".into())]);
    }
    Ok(rows)
}

/// One record with the file's column layout, to look cells up by meaning.
struct Cells<'a> {
    line: u64,
    record: &'a csv::StringRecord,
    headers: &'a csv::StringRecord,
    columns: &'a [Option<Column>],
}

impl Cells<'_> {
    fn position(&self, c: Column) -> Option<usize> {
        self.columns.iter().position(|x| *x == Some(c))
    }
    fn get(&self, c: Column) -> &str {
        self.position(c).and_then(|i| self.record.get(i)).unwrap_or("")
    }
    fn error(&self, c: Column, message: String) -> RowError {
        row_error(self.line, self.position(c).map(|i| self.headers[i].to_string()), message)
    }

    fn parse(&self) -> Result<ImportRow, RowError> {
        let line = self.line;
        let cell = |c| self.get(c);
        let err = |c, m| self.error(c, m);
        let building =
            BuildingName::parse(cell(Column::Building)).map_err(|e| err(Column::Building, e.to_string()))?;
        let unit = UnitNumber::parse(cell(Column::Unit)).map_err(|e| err(Column::Unit, e.to_string()))?;
        let status = match cell(Column::Status) {
            "" => None,
            s => Some(UnitStatus::parse(s).map_err(|e| err(Column::Status, e.to_string()))?),
        };
        let phone = optional_phone(cell(Column::Phone)).map_err(|m| err(Column::Phone, m))?;
        let emergency_phone =
            optional_phone(cell(Column::EmergencyPhone)).map_err(|m| err(Column::EmergencyPhone, m))?;
        let name = cell(Column::OwnerName);
        let owner = if name.is_empty() {
            if phone.is_some() {
                return Err(err(Column::OwnerName, "a phone number without an owner name".into()));
            }
            None
        } else {
            Some(OwnerRow {
                name: validate_name(name).map_err(|e| err(Column::OwnerName, e.to_string()))?,
                phone,
                emergency_contact: match cell(Column::EmergencyContact) {
                    "" => None,
                    c => Some(validate_name(c).map_err(|e| err(Column::EmergencyContact, e.to_string()))?),
                },
                emergency_phone,
            })
        };
        Ok(ImportRow { line, building, unit, status, owner })
    }
}

/// A row the file itself garbles: more cells than the header has columns (a stray comma,
/// a shifted row), or a cell that runs over a line break (a quote never closed swallows
/// the next row into one cell).
pub(crate) fn malformed(
    line: u64,
    record: &csv::StringRecord,
    headers: &csv::StringRecord,
) -> Option<RowError> {
    if record.len() > headers.len() {
        let message = format!("{} cells, but the header has {} columns", record.len(), headers.len());
        return Some(problem(
            line,
            None,
            RowProblem::TooManyCells { cells: record.len(), columns: headers.len() },
            message,
        ));
    }
    let (i, _) = record.iter().enumerate().find(|(_, c)| c.contains(['\n', '\r']))?;
    let column = headers.get(i).map(str::to_string);
    Some(problem(
        line,
        column,
        RowProblem::UnclosedQuote,
        "a quote (\") is not closed: the cell runs into the next line".into(),
    ))
}

fn optional_phone(s: &str) -> Result<Option<PhoneNumber>, String> {
    if s.is_empty() { Ok(None) } else { PhoneNumber::parse(s).map(Some).map_err(|e| e.to_string()) }
}

pub(crate) fn row_error(line: u64, column: Option<String>, message: String) -> RowError {
    RowError { line, column, message, problem: None }
}

/// A bad line whose problem a screen can say in the user's language.
pub fn problem(line: u64, column: Option<String>, problem: RowProblem, message: String) -> RowError {
    RowError { line, column, message, problem: Some(problem) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_headers_with_bom() {
        let csv = "\u{feff}楼栋,房号,业主姓名,联系电话,状态\n3,1502,张三,13812345678,已入住\n3,1503,,,空置\n";
        let rows = parse_units_csv(csv).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].building.as_str(), "3栋");
        assert_eq!(rows[0].owner.as_ref().unwrap().phone.as_ref().unwrap().masked(), "138****5678");
        assert_eq!(rows[1].status, Some(UnitStatus::Vacant));
        assert!(rows[1].owner.is_none());
    }

    #[test]
    fn english_headers_in_any_order() {
        let csv = "phone,unit,building,owner_name\n13912345678,801,A座,Li Si\n";
        let rows = parse_units_csv(csv).unwrap();
        assert_eq!(rows[0].unit.as_str(), "801");
        assert_eq!(rows[0].building.as_str(), "A座");
    }

    #[test]
    fn bad_rows_are_reported_by_line_and_nothing_is_returned() {
        let csv = "楼栋,房号,业主姓名,联系电话\n1,101,王五,13800000000\n1,1x1,赵六,13800000001\n1,102,钱七,12345\n1,101,王五,13800000000\n";
        let errors = parse_units_csv(csv).unwrap_err();
        let lines: Vec<u64> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, vec![3, 4, 5]);
        assert_eq!(errors[0].column.as_deref(), Some("房号"));
        assert_eq!(errors[1].column.as_deref(), Some("联系电话"));
        assert!(errors[2].message.contains("duplicate of line 2"));
    }

    #[test]
    fn missing_required_columns() {
        let errors = parse_units_csv("name,phone\nA,13800000000\n").unwrap_err();
        assert_eq!(errors[0].line, 1);
        assert!(parse_units_csv("楼栋,房号\n").is_err(), "an empty file imports nothing");
    }

    #[test]
    fn without_a_status_column_the_status_is_left_alone() {
        let rows = parse_units_csv("楼栋,房号,业主姓名\n2,301,甲\n").unwrap();
        assert_eq!(rows[0].status, None);
    }

    #[test]
    fn a_garbled_file_is_refused_by_line_and_column() {
        let unclosed = "楼栋,房号,业主姓名,联系电话\n1,101,\"王五,13800000000\n1,102,赵六,13800000001\n1,103,钱七,13800000002\n";
        let errors = parse_units_csv(unclosed).unwrap_err();
        assert_eq!((errors[0].line, errors[0].column.as_deref()), (2, Some("业主姓名")), "{errors:?}");
        let extra = "楼栋,房号,业主姓名\n1,101,王五,多余\n";
        assert!(parse_units_csv(extra).unwrap_err()[0].message.contains("header has 3 columns"));
        for bad in ["王\u{0}五", "\u{202e}王五", "\u{200b}\u{200b}", "王\t五"] {
            let csv = format!("楼栋,房号,业主姓名\n1,101,{bad}\n");
            let errors = parse_units_csv(&csv).unwrap_err();
            assert_eq!(errors[0].column.as_deref(), Some("业主姓名"), "{bad:?}");
        }
    }

    #[test]
    fn owners_abroad_are_imported_with_international_numbers() {
        let rows = parse_units_csv(
            "楼栋,房号,业主姓名,联系电话\n1,101,陈大文,+852 9123 4567\n1,102,Ann Lee,+1 415 555 0134\n",
        )
        .unwrap();
        let phone = |i: usize| rows[i].owner.as_ref().unwrap().phone.as_ref().unwrap().clone();
        assert_eq!(phone(0).as_str(), "+85291234567");
        assert_eq!(phone(1).as_str(), "+14155550134");
        assert_eq!(phone(1).masked(), "+14*****0134");
    }

    #[test]
    fn several_owners_of_one_unit() {
        let csv = "楼栋,房号,业主姓名\n2,301,甲\n2,301,乙\n\n";
        assert_eq!(parse_units_csv(csv).unwrap().len(), 2);
    }
}
