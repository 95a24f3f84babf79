//! The supervisor's import of finance's list (CSV): what it did, or each bad line.

use super::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

#[component]
pub(super) fn ImportForm() -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let result = RwSignal::new(None::<Result<String, (String, Vec<String>)>>);
    let on_file = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else {
            return;
        };
        spawn_local(async move {
            let Some(csv) = crate::csv_file::read_file(&input).await else { return };
            input.set_value("");
            let done = match crate::api::import_arrears(csv).await {
                Ok(r) => {
                    // The cases come down by sync.
                    engine.sync_now();
                    Ok(t_string!(i18n, arrears.imported)
                        .replace("{units}", &r.units.to_string())
                        .replace("{lines}", &r.lines.to_string())
                        .replace("{owed}", &format_yuan(r.owed))
                        .replace("{cleared}", &r.cleared.to_string()))
                }
                Err(f) => {
                    Err((crate::errors::failure_text(i18n, &f), crate::csv_file::failure_rows(i18n, &f)))
                }
            };
            result.set(Some(done));
        });
    };
    view! {
        <div class="card" id="arrears-import">
            <label class="file">{t!(i18n, arrears.import)}
                <input id="arrears-file" type="file" accept=".csv,text/csv" on:change=on_file />
            </label>
            <p class="hint">{t!(i18n, arrears.import_hint)}</p>
            {move || result.get().map(|r| match r {
                Ok(text) => view! { <p class="success" id="arrears-imported" role="status">{text}</p> }.into_any(),
                Err((text, rows)) => view! {
                    <div class="error" id="arrears-import-errors" role="alert">
                        <p>{text}</p>
                        <ul>{rows.into_iter().map(|r| view! { <li>{r}</li> }).collect_view()}</ul>
                    </div>
                }.into_any(),
            })}
        </div>
    }
}
