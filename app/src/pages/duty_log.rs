//! 值班日志: the shift's record. Entries are append-only — a mistake is corrected by a new
//! entry that points at it — and can be written with no network.

use crate::i18n::*;
use crate::sync::engine::MutateError;
use crate::sync::use_sync;
use crate::sync_text::rejection_text;
use crate::ticket_text::short_time;
use leptos::prelude::*;
use steward_domain::duty_log::{DutyLogEntry, by_shift, corrections, unsigned_days};
use steward_domain::log_chain::Verification;
use steward_domain::sync::Mutation;
use steward_domain::sync::commands::{AppendDutyLog, SignDutyLog};

#[derive(Clone, PartialEq)]
struct Row {
    id: String,
    entry: DutyLogEntry,
    pending: bool,
}

fn rows(engine: crate::sync::SyncEngine) -> Vec<Row> {
    engine
        .typed::<DutyLogEntry>()
        .into_iter()
        .map(|(id, entry, pending)| Row { entry, id, pending })
        .collect()
}

/// One entry: who, when, and what it is (a correction, corrected since, late, written by
/// the rules, a sign-off).
#[component]
fn EntryRow(
    row: Row,
    corrected: bool,
    corrects: RwSignal<Option<String>>,
    chain: RwSignal<Option<Verification>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = row.id.clone();
    let e = row.entry;
    // Where the server's check found the chain broken: marked on every device, with the
    // entry's text as the server holds it now when this device holds another.
    let this = StoredValue::new(row.id.clone());
    let broken = move || {
        chain.with(|v| {
            let v = v.as_ref()?;
            let b = v.verdict.broken.as_ref().filter(|b| this.with_value(|id| b.id == *id))?;
            Some((b.seq, v.entry.as_ref().map(|x| x.text.clone())))
        })
    };
    let my_text = StoredValue::new(e.text.clone());
    let signed_day = e.signs.clone();
    let is_sign_off = signed_day.is_some();
    view! {
        <li class:pending=row.pending class:sign-off=is_sign_off class:chain-broken=move || broken().is_some() id=format!("entry-{}", row.id) data-id=row.id.clone()>
            <div class="log-meta">
                <strong>{e.author_name.clone()}</strong>
                <time>{short_time(&e.written_at)}</time>
                {row.pending.then(|| view! { <span class="tag waiting">{t!(i18n, sync.waiting)}</span> })}
                {e.corrects.is_some().then(|| view! { <span class="tag">{t!(i18n, duty_log.correction)}</span> })}
                {corrected.then(|| view! { <span class="tag corrected">{t!(i18n, duty_log.corrected_by)}</span> })}
                {e.late.then(|| view! { <span class="tag late">{t!(i18n, duty_log.late)}</span> })}
                {e.source.is_some().then(|| view! { <span class="tag">{t!(i18n, duty_log.auto)}</span> })}
                {e.received_at.as_ref().map(|r| view! { <span class="tag">{t!(i18n, duty_log.received)} " " {short_time(r)}</span> })}
                {move || broken().map(|(seq, _)| view! { <span class="tag late chain-broken-tag">{t_string!(i18n, duty_log.chain_broken_here).replace("{seq}", &seq.to_string())}</span> })}
            </div>
            {move || broken().and_then(|(_, now)| now.filter(|t| my_text.with_value(|mine| t != mine))).map(|t| view! {
                <p class="error chain-text-now">{t!(i18n, duty_log.chain_text_now)} " " {t}</p>
            })}
            {signed_day.map(|day| view! { <p class="log-sign"><strong>{t!(i18n, duty_log.sign)} " " {day}</strong></p> })}
            <p class="log-text">{move || e.text_in(crate::language::english(i18n))}</p>
            <button type="button" class="link" on:click=move |_| corrects.set(Some(id.clone()))>
                {t!(i18n, duty_log.correct)}
            </button>
        </li>
    }
}

/// 审阅签字: the days whose log is not signed (today and the past), each with its button.
#[component]
fn SignOff() -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let note = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let days = move || {
        let entries: Vec<DutyLogEntry> =
            engine.typed::<DutyLogEntry>().into_iter().map(|(_, e, _)| e).collect();
        let today = crate::clock::now().local_day();
        let mut days = unsigned_days(&entries, today);
        days.reverse();
        days
    };
    // Nothing to sign (the day under way is signed once it is over): no card.
    move || {
        (!days().is_empty()).then(|| view! {
        <div class="card" id="sign-off">
            <h2>{t!(i18n, duty_log.sign)}</h2>
            {move || {
                let days = days();
                (!days.is_empty()).then(|| view! {
                    <p class="hint" id="unsigned-days">{t!(i18n, duty_log.unsigned_days)}</p>
                    <label>{t!(i18n, duty_log.sign_note)}<input id="sign-note" bind:value=note /></label>
                    <ul class="unsigned">
                        {days.into_iter().map(|day| {
                            let sign = move |_| {
                                let m = Mutation::SignDutyLog(SignDutyLog {
                                    id: crate::clock::new_id(),
                                    day: day.to_string(),
                                    note: note.get_untracked(),
                                });
                                match engine.mutate(m) {
                                    Ok(()) => { note.set(String::new()); error.set(None); }
                                    Err(e) => error.set(Some(crate::sync_text::refusal_text(i18n, e))),
                                }
                            };
                            view! { <li data-day=day.to_string()>{day.to_string()} " " <button type="button" class="sign-day" on:click=sign>{t!(i18n, duty_log.sign_day)}</button></li> }
                        }).collect_view()}
                    </ul>
                })
            }}
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
        </div>
    })
    }
}

#[component]
pub fn DutyLog() -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let text = RwSignal::new(String::new());
    let corrects = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let me = crate::session::use_session().me;
    // The server's last check of the chain, online: a break is marked on every device.
    let chain = RwSignal::new(None::<Verification>);
    leptos::task::spawn_local(async move {
        if let Ok(v) = crate::api::log_verification().await {
            chain.set(v);
        }
    });
    let reviews_the_log = move || me.with(|m| m.as_ref().is_some_and(|m| m.role.reviews_the_log()));

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mutation = Mutation::AppendDutyLog(AppendDutyLog {
            id: crate::clock::new_id(),
            text: text.get_untracked(),
            corrects: corrects.get_untracked(),
            // Offline it reaches the server later: it keeps the day and shift written in.
            written_at: Some(crate::clock::now()),
        });
        match engine.mutate(mutation) {
            Ok(()) => {
                text.set(String::new());
                corrects.set(None);
                error.set(None);
            }
            Err(MutateError::Rejected(r)) => error.set(Some(rejection_text(i18n, Some(r.code), r.field))),
            Err(MutateError::NotReady) => error.set(Some(t_string!(i18n, sync.not_ready).to_string())),
        }
    };

    view! {
        <section class="page" id="duty-log">
            <h1>{t!(i18n, duty_log.title)}</h1>
            <p class="intro">{t!(i18n, duty_log.intro)}</p>
            {move || reviews_the_log().then(|| view! { <super::log_chain::LogChainStatus last=chain /> })}
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
            {move || reviews_the_log().then(|| view! { <SignOff /> })}
            <div class="log" id="duty-entries">
                {move || {
                    let rows = rows(engine);
                    let fixes = corrections(rows.iter().map(|r| (r.id.as_str(), &r.entry)));
                    let shifts = crate::patrols::settings(engine).shifts;
                    by_shift(rows, |r| &r.entry, &shifts)
                        .into_iter()
                        .map(|page| view! {
                            <section class="shift-page">
                                <h2 class="shift-head">{page.day.to_string()} " · " {crate::language::shift_name(i18n, &page.shift)}</h2>
                                <ol>
                                    {page.entries.into_iter().map(|row| {
                                        let corrected = fixes.contains_key(&row.id);
                                        view! { <EntryRow row corrected corrects chain /> }
                                    }).collect_view()}
                                </ol>
                            </section>
                        })
                        .collect_view()
                }}
            </div>
        </section>
    }
}
