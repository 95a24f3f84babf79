//! 每日清点: slot by slot, every key that should be in the cabinet, present or not and (for
//! sealed keys) the seal intact. Each one missing or unsealed opens an incident in the same
//! change, and the count goes into the duty log.

use super::*;
use steward_domain::keys::count::{CountIncident, SlotCheck, in_slot, mismatch, seal_checked};
use steward_domain::keys::incident::NewIncident;
use steward_domain::sync::commands::RecordKeyCount;

/// One key or ring as counted: nothing is assumed, each is looked at.
#[derive(Clone)]
struct Row {
    id: String,
    key: Key,
    /// In its slot or not (a single key); unanswered until looked at.
    present: RwSignal<Option<bool>>,
    /// A ring's keys found, as typed.
    found: RwSignal<String>,
    seal_intact: RwSignal<Option<bool>>,
}

impl Row {
    /// What was found, or `None` while not yet looked at.
    fn check(&self) -> Option<SlotCheck> {
        let (present, found) = if self.key.count > 1 {
            let n: u32 = self.found.get_untracked().trim().parse().ok().filter(|n| *n <= self.key.count)?;
            (n == self.key.count, Some(n))
        } else {
            (self.present.get_untracked()?, None)
        };
        let seal_intact =
            if seal_checked(&self.key) && present { Some(self.seal_intact.get_untracked()?) } else { None };
        Some(SlotCheck { key_id: self.id.clone(), present, seal_intact, found })
    }
}

/// Two labelled choices for one answer (在柜 / 不在柜, 完好 / 破损).
#[component]
fn Choice(
    name: String,
    answer: RwSignal<Option<bool>>,
    yes: &'static str,
    no: &'static str,
) -> impl IntoView {
    view! {
        <span class="choice">
            <label class="inline"><input type="radio" name=name.clone() class="choice-yes" prop:checked=move || answer.get() == Some(true) on:change=move |_| answer.set(Some(true)) />{yes}</label>
            <label class="inline"><input type="radio" name=name class="choice-no" prop:checked=move || answer.get() == Some(false) on:change=move |_| answer.set(Some(false)) />{no}</label>
        </span>
    }
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
                .map(|(id, key, _)| Row { id, key, present: RwSignal::new(None), found: RwSignal::new(String::new()), seal_intact: RwSignal::new(None) })
                .collect();
            let submit_rows = rows.clone();
            let submit = move |_| {
                let answered: Vec<Option<SlotCheck>> = submit_rows.iter().map(Row::check).collect();
                let open = answered.iter().filter(|c| c.is_none()).count();
                if open > 0 {
                    error.set(Some(t_string!(i18n, keys.count_unanswered).replace("{n}", &open.to_string())));
                    return;
                }
                let checks: Vec<SlotCheck> = answered.into_iter().flatten().collect();
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
                            let ring = r.key.count;
                            view! {
                                <tr data-tag=r.key.tag.clone()>
                                    <td>{r.key.slot.clone()}</td><td>{r.key.tag.clone()}</td><td>{r.key.unit.clone()}</td>
                                    <td>{if ring > 1 {
                                        view! { <label>{t_string!(i18n, keys.keys_found).replace("{n}", &ring.to_string())}
                                            <input type="number" min="0" max=ring inputmode="numeric" class="count-found" bind:value=r.found /></label> }.into_any()
                                    } else {
                                        view! { <Choice name=format!("present-{}", r.id) answer=r.present yes=t_string!(i18n, keys.present) no=t_string!(i18n, keys.absent) /> }.into_any()
                                    }}</td>
                                    <td>{sealed.then(|| view! { <Choice name=format!("seal-{}", r.id) answer=r.seal_intact yes=t_string!(i18n, keys.seal_intact) no=t_string!(i18n, keys.seal_broken) /> })}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
                {move || error.get().map(|e| view! { <p class="error" role="alert" id="count-error">{e}</p> })}
                <button id="count-submit" type="button" class="primary" on:click=submit>{t!(i18n, keys.count_submit)}</button>
            }.into_any()
        } else {
            view! { <button id="count-start" type="button" on:click=move |_| { done.set(None); counting.set(true) }>{t!(i18n, keys.count_start)}</button> }.into_any()
        }}
    }
}
