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
                format!("{}{col}: {}", t_string!(i18n, units.line).replace("{line}", &r.line.to_string()), r.message)
            })
            .collect(),
        ApiFailure::Offline => Vec::new(),
    }
}
