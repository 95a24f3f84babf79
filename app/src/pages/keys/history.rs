//! A key's 履历: every event on the register, in order (nothing earlier is rewritten).

use super::*;
use steward_domain::keys::record::{KeyChange, KeyStep};

fn change_text(i18n: I18nContext<Locale>, c: &KeyChange) -> String {
    match c {
        KeyChange::Registered => t_string!(i18n, keys.ev_registered).to_string(),
        KeyChange::Lent { .. } => t_string!(i18n, keys.ev_lent).to_string(),
        KeyChange::Returned { count, .. } => format!("{} × {count}", t_string!(i18n, keys.ev_returned)),
        KeyChange::Resealed { number } => format!("{} {number}", t_string!(i18n, keys.ev_resealed)),
        KeyChange::Moved { from, to } => format!("{} {from} → {to}", t_string!(i18n, keys.ev_moved)),
        KeyChange::Retired { reason } => format!("{}：{reason}", t_string!(i18n, keys.ev_retired)),
        KeyChange::RequestWithdrawn { reason, .. } => {
            format!("{}：{reason}", t_string!(i18n, keys.ev_withdrawn))
        }
    }
}

#[component]
pub(super) fn KeyHistory(history: Vec<KeyStep>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <details class="key-history">
            <summary>{t!(i18n, keys.key_history)}</summary>
            <ol>
                {history.into_iter().map(|h| view! {
                    <li><time>{short_time(&h.at)}</time> " " {h.by_name} " · " {move || change_text(i18n, &h.change)}</li>
                }).collect_view()}
            </ol>
        </details>
    }
}
