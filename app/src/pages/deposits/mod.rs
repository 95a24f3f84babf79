//! 寄存/转交/信报 at the desk: an item logged with what it is, from whom, for whom and a photo;
//! a deposit waits for the supervisor's approval; each is handed over against the
//! recipient's name and their ID's last four or their signature. The rules are the domain's
//! (`steward_domain::deposit`); these screens gather and show.

use crate::i18n::*;
use crate::sync::use_sync;
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use steward_domain::deposit::record::{DeskItem, ItemKind};
use steward_domain::sync::Mutation;
use steward_domain::sync::commands::{LogDeskItem, NewItem};

mod list;

fn kind_text(i18n: I18nContext<Locale>, k: ItemKind) -> &'static str {
    match k {
        ItemKind::Deposit => t_string!(i18n, deposits.kind_deposit),
        ItemKind::Parcel => t_string!(i18n, deposits.kind_parcel),
        ItemKind::Letter => t_string!(i18n, deposits.kind_letter),
    }
}

fn wire(k: ItemKind) -> String {
    format!("{k:?}")
}

#[component]
pub fn DepositsPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="page" id="deposits">
            <h1>{t!(i18n, deposits.title)}</h1>
            <p class="intro">{t!(i18n, deposits.intro)}</p>
            <LogForm />
            <list::ItemLists />
        </section>
    }
}

#[component]
fn LogForm() -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let kind = RwSignal::new(wire(ItemKind::Parcel));
    let item = RwSignal::new(String::new());
    let from = RwSignal::new(String::new());
    let unit = RwSignal::new(String::new());
    let for_name = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let photo = RwSignal::new_local(None::<crate::photos::Taken>);
    let error = RwSignal::new(None::<String>);
    let reset = move || {
        for s in [item, from, unit, for_name, note] {
            s.set(String::new());
        }
        photo.set(None);
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let kind =
            ItemKind::ALL.into_iter().find(|k| wire(*k) == kind.get_untracked()).unwrap_or(ItemKind::Parcel);
        let taken = photo.get_untracked();
        let m = Mutation::LogDeskItem(LogDeskItem {
            id: crate::clock::new_id(),
            new: NewItem {
                kind,
                item: item.get_untracked(),
                from: from.get_untracked(),
                for_unit: unit.get_untracked(),
                for_name: for_name.get_untracked(),
                photos: taken.iter().map(|t| t.photo.clone()).collect(),
                note: note.get_untracked(),
            },
        });
        match taken {
            None => {
                if crate::form_send::send(i18n, engine, m, error) {
                    reset();
                }
            }
            // The photo goes with the record, kept on the device until it uploads.
            Some(t) => leptos::task::spawn_local(async move {
                match engine.attach_photos(vec![t], m).await {
                    Ok(()) => {
                        error.set(None);
                        reset();
                    }
                    Err(e) => error.set(Some(crate::sync_text::refusal_text(i18n, e))),
                }
            }),
        }
    };
    view! {
        <form class="card form-grid" id="deposit-form" on:submit=submit novalidate>
            <h2 class="wide">{t!(i18n, deposits.log)}</h2>
            <label>{t!(i18n, deposits.kind)}
                <select id="deposit-kind" on:change=move |ev| kind.set(event_target_value(&ev))>
                    {ItemKind::ALL.into_iter().map(|k| view! {
                        <option value=wire(k) selected=move || kind.get() == wire(k)>{move || kind_text(i18n, k)}</option>
                    }).collect_view()}
                </select>
            </label>
            <label>{t!(i18n, deposits.item)}<input id="deposit-item" bind:value=item /></label>
            <label>{t!(i18n, deposits.from)}<input id="deposit-from" bind:value=from /></label>
            <label>{t!(i18n, deposits.for_unit)}<input id="deposit-unit" placeholder="3栋-1502" bind:value=unit /></label>
            <label>{t!(i18n, deposits.for_name)}<input id="deposit-for" bind:value=for_name /></label>
            <label>{t!(i18n, deposits.note)}<input id="deposit-note" bind:value=note /></label>
            <div class="wide">
                <crate::photos::PhotoInput id="deposit-photo" label=Signal::derive(move || t_string!(i18n, deposits.photo).to_string())
                    taken=Callback::new(move |more: Vec<crate::photos::Taken>| photo.set(more.into_iter().next())) />
                {move || photo.get().is_some().then(|| view! { <span class="hint" id="deposit-photo-taken">"✓"</span> })}
            </div>
            <Show when=move || kind.get() == wire(ItemKind::Deposit)>
                <p class="hint wide">{t!(i18n, deposits.needs_approval)}</p>
            </Show>
            {move || error.get().map(|e| view! { <p class="error wide" id="deposit-error" role="alert">{e}</p> })}
            <button type="submit" class="primary" id="deposit-submit">{t!(i18n, deposits.log)}</button>
        </form>
    }
}

/// `3栋-1502 李明 · 一箱水果（快递）`.
fn line(i18n: I18nContext<Locale>, d: &DeskItem) -> String {
    let (open, close) = if crate::ticket_text::english(i18n) { (" (", ")") } else { ("（", "）") };
    format!("{} {} · {}{open}{}{close}", d.for_unit, d.for_name, d.item, kind_text(i18n, d.kind))
}
