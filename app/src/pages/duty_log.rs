//! 值班日志: the shift's record. Entries are append-only — a mistake is corrected by a new
//! entry that points at it — and can be written with no network.

use crate::i18n::*;
use crate::sync::engine::MutateError;
use crate::sync::use_sync;
use crate::sync_text::rejection_text;
use crate::ticket_text::short_time;
use leptos::prelude::*;
use steward_domain::duty_log::DutyLogEntry;
use steward_domain::sync::Mutation;
use steward_domain::sync::commands::AppendDutyLog;

#[derive(Clone, PartialEq)]
struct Row {
    id: String,
    entry: DutyLogEntry,
    pending: bool,
}

/// Newest first; the device's own unsynced entries on top.
fn rows(engine: crate::sync::SyncEngine) -> Vec<Row> {
    let mut rows: Vec<Row> = engine
        .typed::<DutyLogEntry>()
        .into_iter()
        .map(|(id, entry, pending)| Row { entry, id, pending })
        .collect();
    rows.sort_by(|a, b| {
        (b.pending, &b.entry.written_at, &b.id).cmp(&(a.pending, &a.entry.written_at, &a.id))
    });
    rows
}

#[component]
pub fn DutyLog() -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let text = RwSignal::new(String::new());
    let corrects = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let me = crate::session::use_session().me;
    let reviews_the_log = move || {
        me.with(|m| m.as_ref().is_some_and(|m| m.role.reviews_the_log()))
    };

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mutation = Mutation::AppendDutyLog(AppendDutyLog {
            id: uuid::Uuid::now_v7().to_string(),
            text: text.get_untracked(),
            corrects: corrects.get_untracked(),
        });
        match engine.mutate(mutation) {
            Ok(()) => {
                text.set(String::new());
                corrects.set(None);
                error.set(None);
            }
            Err(MutateError::Rejected(r)) => {
                error.set(Some(rejection_text(i18n, Some(r.code), r.field)))
            }
            Err(MutateError::NotReady) => error.set(Some(t_string!(i18n, sync.not_ready).to_string())),
        }
    };

    view! {
        <section class="page" id="duty-log">
            <h1>{t!(i18n, duty_log.title)}</h1>
            <p class="intro">{t!(i18n, duty_log.intro)}</p>
            {move || reviews_the_log().then(|| view! { <super::log_chain::LogChainStatus /> })}
            <form class="card" on:submit=submit novalidate>
                <Show when=move || corrects.get().is_some()>
                    <p class="hint">
                        {t!(i18n, duty_log.correcting)} " "
                        <button type="button" class="link" on:click=move |_| corrects.set(None)>{t!(i18n, duty_log.cancel)}</button>
                    </p>
                </Show>
                <label>
                    {t!(i18n, duty_log.new_entry)}
                    <textarea id="duty-text" rows="3" prop:value=move || text.get()
                        on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                </label>
                {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
                <button id="duty-submit" type="submit" class="primary">{t!(i18n, duty_log.submit)}</button>
            </form>
            <ol class="log" id="duty-entries">
                {move || rows(engine)
                    .into_iter()
                    .map(|row| {
                        let id = row.id.clone();
                        view! {
                            <li class:pending=row.pending>
                                <div class="log-meta">
                                    <strong>{row.entry.author_name.clone()}</strong>
                                    <time>{short_time(&row.entry.written_at)}</time>
                                    {row.pending.then(|| view! { <span class="tag waiting">{t!(i18n, sync.waiting)}</span> })}
                                    {row.entry.corrects.is_some().then(|| view! { <span class="tag">{t!(i18n, duty_log.correction)}</span> })}
                                </div>
                                <p class="log-text">{row.entry.text.clone()}</p>
                                <button type="button" class="link" on:click=move |_| corrects.set(Some(id.clone()))>
                                    {t!(i18n, duty_log.correct)}
                                </button>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </section>
    }
}
