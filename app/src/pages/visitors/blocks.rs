//! 拒绝来访名单 at the desk: a person a unit's owner asked not to be admitted, with the reason,
//! the owner who asked and the end date; lifted early with a reason. Phones shown masked.

use super::*;
use steward_domain::sync::Mutation;
use steward_domain::sync::commands::{LiftDoNotAdmit, SetDoNotAdmit};
use steward_domain::visit::block::DoNotAdmit;

#[component]
pub(super) fn Blocks() -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let unit = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let until = RwSignal::new(String::new());
    let owner = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(day) = until.get_untracked().parse() else {
            error.set(Some(t_string!(i18n, sync.field_until).to_string()));
            return;
        };
        let m = Mutation::SetDoNotAdmit(SetDoNotAdmit {
            id: crate::clock::new_id(),
            unit: unit.get_untracked(),
            visitor_name: name.get_untracked(),
            phone: Some(phone.get_untracked()).filter(|p| !p.trim().is_empty()),
            reason: reason.get_untracked(),
            until: day,
            instructed_by: owner.get_untracked(),
        });
        if crate::form_send::send(i18n, engine, m, error) {
            for s in [unit, name, phone, reason, until, owner] {
                s.set(String::new());
            }
        }
    };
    let in_force = move || {
        let today = crate::clock::today();
        let mut all: Vec<_> =
            engine.typed::<DoNotAdmit>().into_iter().filter(|(_, b, _)| b.in_force(today)).collect();
        all.sort_by(|a, b| a.1.unit.cmp(&b.1.unit));
        all
    };
    view! {
        <section class="card" id="visit-blocks">
            <h2>{t!(i18n, visitors.blocks_title)}</h2>
            <p class="hint">{t!(i18n, visitors.blocks_intro)}</p>
            <ul>
                <For each=in_force key=|(id, _, _)| id.clone() children=move |(id, b, _)| {
                    let why = RwSignal::new(String::new());
                    let lift = move |_| {
                        let m = Mutation::LiftDoNotAdmit(LiftDoNotAdmit { id: id.clone(), reason: why.get_untracked() });
                        crate::form_send::send(i18n, engine, m, error);
                    };
                    let phone = b.phone.as_deref().map(steward_domain::phone::mask).unwrap_or_default();
                    view! {
                        <li class="visit-block" data-unit=b.unit.clone()>
                            <strong>{b.unit.clone()}</strong> " · " {b.name.clone()} " " {phone} " · " {b.reason.clone()}
                            " · " {t!(i18n, visitors.until)} " " {b.until.to_string()} " · " {t!(i18n, visitors.instructed_by)} " " {b.instructed_by.clone()}
                            <input class="lift-reason" aria-label=move || t_string!(i18n, visitors.lift_reason) placeholder=move || t_string!(i18n, visitors.lift_reason) bind:value=why />
                            <button type="button" class="lift" on:click=lift>{t!(i18n, visitors.lift)}</button>
                        </li>
                    }
                } />
            </ul>
            <form class="form-grid" id="block-form" on:submit=submit novalidate>
                <label>{t!(i18n, visitors.block_unit)}<input id="block-unit" placeholder="3栋-1502" bind:value=unit /></label>
                <label>{t!(i18n, visitors.block_name)}<input id="block-name" bind:value=name /></label>
                <label>{t!(i18n, visitors.block_phone)}<input id="block-phone" type="tel" bind:value=phone /></label>
                <label>{t!(i18n, visitors.block_reason)}<input id="block-reason" bind:value=reason /></label>
                <label>{t!(i18n, visitors.instructed_by)}<input id="block-owner" bind:value=owner /></label>
                <label>{t!(i18n, visitors.block_until)}<input id="block-until" type="date" bind:value=until /></label>
                <button type="submit" id="block-add">{t!(i18n, visitors.block_add)}</button>
            </form>
            {move || error.get().map(|e| view! { <p class="error" id="block-error" role="alert">{e}</p> })}
        </section>
    }
}
