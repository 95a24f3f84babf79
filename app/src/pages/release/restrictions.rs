//! 限制放行: a unit's goods may not go out until a day (the desk's decision or the owner's
//! instruction), with the reason; lifted early with a reason.

use super::*;
use steward_domain::release::record::ReleaseRestriction;
use steward_domain::sync::Mutation;
use steward_domain::sync::commands::{LiftReleaseRestriction, SetReleaseRestriction};

#[component]
pub(super) fn Restrictions() -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let unit = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let until = RwSignal::new(String::new());
    let owner = RwSignal::new(true);
    let error = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(day) = until.get_untracked().parse() else {
            error.set(Some(t_string!(i18n, sync.field_window).to_string()));
            return;
        };
        let m = Mutation::SetReleaseRestriction(SetReleaseRestriction {
            id: crate::clock::new_id(),
            unit: unit.get_untracked(),
            reason: reason.get_untracked(),
            until: day,
            owner_instruction: owner.get_untracked(),
        });
        if crate::form_send::send(i18n, engine, m, error) {
            unit.set(String::new());
            reason.set(String::new());
        }
    };
    let active = move || {
        let today = today();
        engine
            .typed::<ReleaseRestriction>()
            .into_iter()
            .filter(|(_, r, _)| r.holds_on(today))
            .collect::<Vec<_>>()
    };
    view! {
        <section class="card" id="release-restrictions">
            <h2>{t!(i18n, release.restrictions_title)}</h2>
            <ul>
                // Keyed rows: a sync arriving keeps a reason half typed.
                <For each=active key=|(id, _, _)| id.clone() children=move |(id, r, _)| {
                    let why = RwSignal::new(String::new());
                    let lift = move |_| {
                        let m = Mutation::LiftReleaseRestriction(LiftReleaseRestriction { id: id.clone(), reason: why.get_untracked() });
                        crate::form_send::send(i18n, engine, m, error);
                    };
                    view! {
                        <li class="restriction" data-unit=r.unit.clone()>
                            <strong>{r.unit.clone()}</strong> " · " {r.restriction.reason.clone()} " · " {t!(i18n, release.restricted_until)} " " {r.restriction.until.to_string()}
                            {r.owner_instruction.then(|| view! { " " <span class="tag">{t!(i18n, release.owner_instruction)}</span> })}
                            " " {r.set_by_name.clone()}
                            <input class="lift-reason" placeholder=move || t_string!(i18n, release.lift_reason) bind:value=why />
                            <button type="button" class="lift" on:click=lift>{t!(i18n, release.lift)}</button>
                        </li>
                    }
                } />
            </ul>
            <form class="row" id="restrict-form" on:submit=submit novalidate>
                <label>{t!(i18n, release.unit)}<input id="restrict-unit" bind:value=unit /></label>
                <label>{t!(i18n, release.restrict_reason)}<input id="restrict-reason" bind:value=reason /></label>
                <label>{t!(i18n, release.restrict_until)}<input id="restrict-until" type="date" bind:value=until /></label>
                <label class="inline"><input type="checkbox" id="restrict-owner" prop:checked=move || owner.get() on:change=move |ev| owner.set(event_target_checked(&ev)) />{t!(i18n, release.owner_instruction)}</label>
                <button type="submit">{t!(i18n, release.restrict_submit)}</button>
            </form>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
        </section>
    }
}
