//! A CSV file picked in a file input, and an import's refusal line by line: shared by the
//! unit import and the arrears import.

use crate::api::ApiFailure;
use crate::i18n::*;
use leptos_i18n::I18nContext;

/// The text of the file chosen in `input`.
pub async fn read_file(input: &web_sys::HtmlInputElement) -> Option<String> {
    let file = input.files()?.get(0)?;
    let text = wasm_bindgen_futures::JsFuture::from(file.text()).await.ok()?;
    text.as_string()
}

/// Each bad row of a refused import: `第 3 行 [费用类型]: …`.
pub fn failure_rows(i18n: I18nContext<Locale>, failure: &ApiFailure) -> Vec<String> {
    match failure {
        ApiFailure::Refused(d) => d
            .rows
            .iter()
            .map(|r| {
                let col = r.column.as_deref().map(|c| format!(" [{c}]")).unwrap_or_default();
                let what =
                    r.problem.as_ref().map(|p| problem_text(i18n, p)).unwrap_or_else(|| r.message.clone());
                let colon = if crate::ticket_text::english(i18n) { ": " } else { "：" };
                format!(
                    "{}{col}{colon}{what}",
                    t_string!(i18n, units.line).replace("{line}", &r.line.to_string())
                )
            })
            .collect(),
        ApiFailure::Offline => Vec::new(),
    }
}

/// What is wrong with a line, in the user's language.
fn problem_text(i18n: I18nContext<Locale>, p: &steward_domain::import::RowProblem) -> String {
    use steward_domain::import::RowProblem as P;
    match p {
        P::Building => t_string!(i18n, import.building).to_string(),
        P::Unit => t_string!(i18n, import.unit).to_string(),
        P::FeeType => t_string!(i18n, import.fee_type).to_string(),
        P::Period => t_string!(i18n, import.period).to_string(),
        P::Amount => t_string!(i18n, import.amount).to_string(),
        P::Due => t_string!(i18n, import.due).to_string(),
        P::Duplicate { first } => t_string!(i18n, import.duplicate).replace("{first}", &first.to_string()),
        P::NotInRegister { unit } => t_string!(i18n, import.not_in_register).replace("{unit}", unit),
        P::Unreadable => t_string!(i18n, import.unreadable).to_string(),
        P::MissingColumns { columns } => {
            t_string!(i18n, import.missing_columns).replace("{columns}", &columns.join("、"))
        }
        P::TooManyCells { cells, columns } => t_string!(i18n, import.too_many_cells)
            .replace("{cells}", &cells.to_string())
            .replace("{columns}", &columns.to_string()),
        P::UnclosedQuote => t_string!(i18n, import.unclosed_quote).to_string(),
    }
}
