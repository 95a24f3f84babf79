//! 每日清点: slot by slot, every key that should be in the cabinet, present or not and (for
//! sealed keys) the seal intact. Each one missing or unsealed opens an incident in the same
//! change, and the count goes into the duty log.

use super::*;
use steward_domain::keys::count::{CountIncident, SlotCheck, in_slot, mismatch, seal_checked};
use steward_domain::keys::incident::NewIncident;
use steward_domain::sync::commands::RecordKeyCount;

#[derive(Clone)]
struct Row {
    id: String,
    key: Key,
    present: RwSignal<bool>,
    seal_intact: RwSignal<bool>,
}

#[component]
pub(super) fn DailyCount() -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let counting = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    view! {
        <h2>{t!(i18n, keys.daily_count)}</h2>
        {move || done.get().map(|d| view! { <p class="ok" role="status" id="count-done">{d}</p> })}
        {move || if counting.get() {
            let mut keys: Vec<(String, Key, bool)> = engine.typed::<Key>().into_iter().filter(|(_, k, _)| in_slot(&k.state)).collect();
            keys.sort_by(|a, b| a.1.slot.cmp(&b.1.slot));
            let rows: Vec<Row> = keys
                .into_iter()
                .map(|(id, key, _)| Row { id, key, present: RwSignal::new(true), seal_intact: RwSignal::new(true) })
                .collect();
            let submit_rows = rows.clone();
            let submit = move |_| {
                let checks: Vec<SlotCheck> = submit_rows
                    .iter()
                    .map(|r| SlotCheck {
                        key_id: r.id.clone(),
                        present: r.present.get_untracked(),
                        seal_intact: seal_checked(&r.key).then(|| r.seal_intact.get_untracked()),
                    })
                    .collect();
                let incidents = submit_rows
                    .iter()
                    .zip(&checks)
                    .filter(|(r, c)| mismatch(&r.key, c).is_some())
                    .map(|(r, _)| CountIncident { key_id: r.id.clone(), ids: NewIncident { id: new_id(), log_id: new_id() } })
                    .collect::<Vec<_>>();
                let flagged = incidents.len();
                let m = Mutation::RecordKeyCount(RecordKeyCount { id: new_id(), log_id: new_id(), checks, incidents });
                if send(i18n, engine, m, error) {
                    counting.set(false);
                    done.set(Some(t_string!(i18n, keys.count_done).replace("{n}", &flagged.to_string())));
                }
            };
            view! {
                <table class="keys" id="count-table">
                    <thead><tr><th>{t!(i18n, keys.slot)}</th><th>{t!(i18n, keys.tag)}</th><th>{t!(i18n, keys.unit)}</th>
                        <th>{t!(i18n, keys.present)}</th><th>{t!(i18n, keys.seal_intact)}</th></tr></thead>
                    <tbody>
                        {rows.into_iter().map(|r| {
                            let sealed = seal_checked(&r.key);
                            view! {
                                <tr data-tag=r.key.tag.clone()>
                                    <td>{r.key.slot.clone()}</td><td>{r.key.tag.clone()}</td><td>{r.key.unit.clone()}</td>
                                    <td><input type="checkbox" class="count-present" bind:checked=r.present /></td>
                                    <td>{sealed.then(|| view! { <input type="checkbox" class="count-seal" bind:checked=r.seal_intact /> })}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
                {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
                <button id="count-submit" type="button" class="primary" on:click=submit>{t!(i18n, keys.count_submit)}</button>
            }.into_any()
        } else {
            view! { <button id="count-start" type="button" on:click=move |_| { done.set(None); counting.set(true) }>{t!(i18n, keys.count_start)}</button> }.into_any()
        }}
    }
}
